"""A lab proxy's HAR capture as input: its requests matched like the agent's sends, stored
masked on the `capture` channel without a stack; bad files are one line naming the file."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from harness.cli import run_cli
from harness.errors import ConfigError, ExitCode
from harness.model import CallEvent, Category, Channel, SendEvent
from harness.network.capture import CAPTURE_PROCESS, check_capture_path, read_har
from harness.network.ingest import NetworkEvidence

IMEI = "358240051111110"
ANDROID_ID = "9774d56d682e549c"


def _entry(url: str, *, text: str = "", encoding: str = "", when: str = "2026-12-01T10:00:01.500Z",
           headers: list[dict[str, str]] | None = None) -> dict[str, object]:  # fmt: skip
    request: dict[str, object] = {
        "method": "POST" if text else "GET",
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": headers or [{"name": "User-Agent", "value": "okhttp/4.12.0"}],
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(text),
    }
    if text:
        request["postData"] = {"mimeType": "application/json", "text": text, "encoding": encoding}
    return {
        "startedDateTime": when,
        "time": 12,
        "request": request,
        "response": {"status": 200, "headers": [], "content": {"size": 0}},
        "serverIPAddress": "203.0.113.7",
    }


def _har(tmp_path: Path, entries: list[dict[str, object]]) -> Path:
    path = tmp_path / "lab.har"
    path.write_text(json.dumps({"log": {"version": "1.2", "creator": {"name": "mitmproxy"},
                                        "entries": entries}}))  # fmt: skip
    return path


def test_captured_requests_are_matched_and_stored_masked_without_a_stack(tmp_path: Path) -> None:
    md5 = hashlib.md5(IMEI.encode()).hexdigest()
    binary = base64.b64encode(b"\x00\x01" + ANDROID_ID.encode() + b"\xff").decode()
    path = _har(
        tmp_path,
        [
            _entry("https://ads.example.com/v2/r?x=1", text=json.dumps({"did": md5})),
            _entry("http://cdn.example.net/logo.png"),  # nothing personal
            _entry(
                "https://t.example.org/u",
                text=binary,
                encoding="base64",
                when="2026-12-01T10:00:02+00:00",
            ),  # fmt: skip
        ],
    )
    sends, notes = read_har(path, clock_offset_ms=250.0)
    assert notes == []
    got: list[SendEvent] = []
    evidence = NetworkEvidence(got.append, grace_s=0.01)
    read = CallEvent(seq=1, ts=1.7e12, pid=9, process="p", api="T.getImei", category="device_id")
    evidence.read(read, [IMEI])
    evidence.read(read.model_copy(update={"seq": 2, "category": "android_id"}), [ANDROID_ID])
    evidence.captured(sends)
    evidence.close()
    assert [e.host for e in got] == ["ads.example.com", "cdn.example.net", "t.example.org"]
    first, plain, third = got
    assert (first.channel, first.process, first.pid, first.stack) == (
        Channel.capture,
        CAPTURE_PROCESS,
        0,
        [],
    )
    assert (first.ip, first.port, first.scheme) == ("203.0.113.7", None, "https")
    assert first.method == "POST"
    started = datetime(2026, 12, 1, 10, 0, 1, 500_000, tzinfo=timezone.utc).timestamp() * 1000
    assert first.ts == pytest.approx(started + 250.0)  # the proxy's clock, moved
    assert [(v.data, v.encoding, v.read_seq) for v in first.values] == [
        (Category.device_id, "md5", 1)
    ]
    assert md5 not in first.model_dump_json() and IMEI not in first.model_dump_json()
    assert plain.values == [] and plain.excerpt == ""
    assert [(v.data, v.encoding) for v in third.values] == [(Category.android_id, "raw")]
    assert any("seen on the wire" in n for n in first.notes)


def test_bad_capture_files_are_one_line_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--capture .*flows\.txt: expected a HAR file"):
        check_capture_path(tmp_path / "flows.txt")
    with pytest.raises(ConfigError, match="does not exist"):
        check_capture_path(tmp_path / "nowhere" / "x.har")
    with pytest.raises(ConfigError, match=r"^--capture .*lab\.flow: a mitmproxy flow file") as info:
        check_capture_path(tmp_path / "lab.flow")
    assert info.value.hint == "convert it with mitmproxy's own tool: mitmdump -nr " + (
        f"{tmp_path / 'lab.flow'} --set hardump={tmp_path / 'lab.har'}"
    )
    broken = tmp_path / "broken.har"
    broken.write_text('{"log": {"entries": [')
    with pytest.raises(
        ConfigError, match=r"^--capture .*broken\.har:1: capture \(HAR\) is not valid JSON"
    ):
        read_har(broken)
    deep = tmp_path / "deep.har"
    deep.write_text('{"log": ' + "[" * 200_000 + "]" * 200_000 + "}")
    deeply = r"^--capture .*deep\.har:1: log\[0\].*nested over 100 levels"
    with pytest.raises(ConfigError, match=deeply):
        read_har(deep)
    wrong = tmp_path / "wrong.har"
    wrong.write_text(json.dumps({"log": {"entries": [{"request": {"url": 5}}]}}))
    with pytest.raises(ConfigError, match=r"field log\.entries\.0\.request\.url"):
        read_har(wrong)
    with pytest.raises(ConfigError, match=r"^--capture .*missing\.har: capture not found"):
        read_har(tmp_path / "missing.har")


def test_app_controlled_fields_are_bounded_and_escaped(tmp_path: Path) -> None:
    host = "evil\u202e" + "a" * 400 + ".example"
    path = _har(tmp_path, [_entry(f"http://{host}/x", when="not a time")])
    [send], _ = read_har(path)
    assert len(send.event.host) <= 253 and "\u202e" not in send.event.host
    assert send.event.ts == 0.0
    assert "the capture gave no valid time for it" in send.event.notes


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("flows.txt", "expected a HAR file (.har)"),
        ("nowhere/lab.har", "does not exist"),
    ],
)
def test_harness_run_refuses_a_bad_capture_option_in_one_line_before_any_device(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    app = Path(__file__).resolve().parents[2] / "examples" / "apps" / "good-news"
    assert run_cli(["run", str(app), "--capture", str(tmp_path / name)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"error: --capture {tmp_path / name}: ") and message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and not (tmp_path / "runs").exists()

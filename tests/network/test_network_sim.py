"""Network evidence end to end on the simulated device: `run_app` on apps that send, with the
exact sent_* findings per encoding and per channel (HttpURLConnection http and https, OkHttp,
a raw socket, a TLS socket, WebView, the :push process), a refusal followed by sends, and
nothing raw on disk."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from harness.device.sim import SimDevice
from harness.model import Category, Rule, SendEvent, SentFinding
from harness.report.model import RunReport
from harness.run.config import RunConfig
from harness.run.eventlog import read_events
from harness.run.protocol import run_app

ROOT = Path(__file__).resolve().parents[2]
SENDER = ROOT / "tests" / "netdev" / "apps" / "sender-app"
CONSENT_SENDER = Path(__file__).parent / "apps" / "consent-sender"
IMEI = "861234567890123"
ANDROID_ID = "3f8e2b7c9d104a65"
RAW = [IMEI, ANDROID_ID] + [hashlib.new(a, IMEI.encode()).hexdigest() for a in ("md5", "sha1")]
pytestmark = pytest.mark.sim


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimDevice]:
    dev = SimDevice(home=tmp_path_factory.mktemp("net-e2e"))
    yield dev
    dev.close()


def _run(device: SimDevice, target: Path, out: Path, **kw: Any) -> RunReport:
    settings: dict[str, Any] = {"window": 2.0, "background_window": 1.5, "dialog_timeout": 30.0}
    settings.update(kw)
    report = run_app(RunConfig(target=str(target), out=out, **settings), device=device)
    assert report.status == "completed", report.problems
    return report


def _sent(report: RunReport) -> set[tuple[str, str, str, str, str, str, str, str]]:
    return {
        (
            f.rule.value,
            f.data.value,
            f.host,
            f.encoding,
            f.channel.value,
            f.where,
            f.actor.name,
            f.process,
        )  # fmt: skip
        for f in report.findings
        if isinstance(f, SentFinding)
    }


def _nothing_raw(out: Path) -> None:
    for path in out.iterdir():
        if path.is_file() and path.suffix in (".jsonl", ".json", ".html", ".xml", ".log"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for raw in RAW:
                assert raw not in text, (path.name, raw)


@pytest.fixture(scope="module")
def sender(device: SimDevice, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunReport, Path]:
    out = tmp_path_factory.mktemp("sender")
    # no dialog: everything the app sends is before consent
    return _run(device, SENDER, out, window=3.0, background_window=0.5, dialog_timeout=3.0), out


def test_every_channel_and_encoding_gives_its_exact_finding(sender: tuple[RunReport, Path]) -> None:
    report, out = sender
    app = "com.example.senderapp"
    before = Rule.sent_before_consent.value
    umeng, pangle, jpush = "Umeng Analytics", "Pangle / CSJ Ads", "JPush"
    csj = "api-access.pangle.example"
    assert _sent(report) == {
        (before, "device_id", "alog.umeng.example", "md5", "http", "body", umeng, app),
        (before, "android_id", "alog.umeng.example", "raw", "http", "body", umeng, app),
        (before, "android_id", "ulogs.umeng.example", "base64", "http", "url", umeng, app),
        (before, "device_id", csj, "gzip+raw", "okhttp", "body", pangle, app),
        (before, "android_id", csj, "gzip+raw", "okhttp", "body", pangle, app),
        (before, "android_id", csj, "hex", "okhttp", "url", pangle, app),
        (before, "device_id", "s.jpush.example", "sha1", "socket", "body", jpush, app),
        (before, "android_id", "push.jiguang.example", "raw", "tls", "body", jpush, app),
        # WebView.postUrl from the app's own code: the app is the actor
        (before, "android_id", "h5.senderapp.example", "raw", "webview", "body", app, app),
    }  # fmt: skip
    # read but never sent (the IMSI), and the app's own config fetch: no sent_* finding
    assert not any(f.data.value == "imsi" for f in report.findings if isinstance(f, SentFinding))
    contacts = {(c.host, c.channel.value, c.actor.name) for c in report.contacts_before_consent}
    assert ("config.senderapp.example", "http", app) in contacts
    assert ("dns.jiguang.example", "dns", app) in contacts
    _nothing_raw(out)


def test_the_evidence_chain_links_each_send_to_its_read(sender: tuple[RunReport, Path]) -> None:
    report, out = sender
    sent = [f for f in report.findings if isinstance(f, SentFinding)]
    for f in sent:
        assert f.read_seq is not None and f.read_api, f  # the read that returned the value
        assert f.read_offset_s is not None and f.read_offset_s <= f.first_offset_s
        assert f.read_stack and f.stack
        assert f.read_gap_s == pytest.approx(f.first_offset_s - f.read_offset_s, abs=0.002)
    reads = {f.data.value: f.read_api for f in sent}
    assert reads == {
        "device_id": "android.telephony.TelephonyManager.getDeviceId",
        "android_id": "android.provider.Settings$Secure.getString",
    }
    stored = [e for e in read_events(out / "events.jsonl") if isinstance(e, SendEvent)]
    assert {e.path for e in stored if e.host == "ulogs.umeng.example"} == {
        "/config?d=M2*******************Q=="
    }


@pytest.fixture(scope="module")
def refused(device: SimDevice, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunReport, Path]:
    out = tmp_path_factory.mktemp("refused")
    return _run(device, CONSENT_SENDER, out, consent="reject"), out


def test_push_process_refusal_and_background_sends(refused: tuple[RunReport, Path]) -> None:
    report, out = refused
    assert report.consent.outcome == "refused"
    app = "com.example.consentsender"
    gdt = "Tencent GDT Ads (优量汇)"
    assert _sent(report) == {
        ("sent_before_consent", "device_id", "mi.gdt.qq.example", "md5", "http", "url", gdt, app),
        ("sent_before_consent", "device_id", "s.jpush.example", "raw", "socket", "body", "JPush",
         f"{app}:push"),
        ("sent_after_refusal", "android_id", "rpt.gdt.qq.example", "base64", "http", "body", gdt,
         app),
        ("sent_after_refusal", "device_id", "hb.gdt.qq.example", "sha256_upper", "http", "header",
         gdt, app),
        ("sent_in_background", "device_id", "hb.gdt.qq.example", "sha256_upper", "http",
         "header", gdt, app),
    }  # fmt: skip
    verdict = {v.rule: v.en for v in report.verdict if v.rule is not None}
    assert verdict[Rule.sent_after_refusal] == (
        f"Sent after refusal: yes, 2 data types to rpt.gdt.qq.example, hb.gdt.qq.example by {gdt}."
    )
    _nothing_raw(out)


EXAMPLES = ROOT / "examples" / "apps"


def test_the_example_ad_sdk_chain_of_the_readme(device: SimDevice, tmp_path: Path) -> None:
    report = _run(device, EXAMPLES / "ad-sdk-app", tmp_path)
    gdt = "Tencent GDT Ads (优量汇)"
    app = "com.example.adsdkapp"
    assert _sent(report) == {
        ("sent_before_consent", "device_id", "mi.gdt.qq.example", "md5", "http", "body", gdt, app),
        ("sent_before_consent", "android_id", "mi.gdt.qq.example", "raw", "http", "body", gdt,
         app),
    }  # fmt: skip
    imei = next(f for f in report.findings if isinstance(f, SentFinding) and f.encoding == "md5")
    assert imei.read_api == "android.telephony.TelephonyManager.getDeviceId"
    assert imei.read_offset_s is not None and imei.read_offset_s < imei.first_offset_s
    assert imei.excerpt.startswith("muidtype=1&muid=ee****")
    assert [(c.host, c.carried) for c in report.contacts_before_consent] == [
        ("mi.gdt.qq.example", [Category.device_id, Category.android_id])
    ]
    _nothing_raw(tmp_path)


def test_the_push_example_sends_from_its_push_process(device: SimDevice, tmp_path: Path) -> None:
    report = _run(device, EXAMPLES / "push-app", tmp_path)
    [f] = [f for f in report.findings if isinstance(f, SentFinding)]
    assert (f.rule, f.data.value, f.host, f.process, f.actor.name) == (
        Rule.sent_before_consent, "device_id", "tsis.jpush.example", "com.example.pushapp:push",
        "JPush",
    )  # fmt: skip
    assert f.read_seq is not None and f.read_pid == f.send_pid  # read and sent in :push


def test_good_news_sends_nothing_personal(device: SimDevice, tmp_path: Path) -> None:
    report = _run(device, EXAMPLES / "good-news", tmp_path)
    assert not [f for f in report.findings if isinstance(f, SentFinding)]
    assert not [c for c in report.contacts_before_consent if c.carried]


def test_a_lab_proxy_capture_is_matched_against_the_run_reads(
    device: SimDevice, tmp_path: Path
) -> None:
    """`--capture FILE.har`: a request only the lab's proxy saw (no hook), matched at the run's
    end against the values read during it, on the capture channel, without a stack."""
    har = tmp_path / "lab.har"
    md5 = hashlib.md5(IMEI.encode()).hexdigest()

    log = device.log_file("com.example.senderapp")
    # An earlier test's run of the same app may have left its line in the log: wait for this
    # run's (one more than now, or the first one in a log the launch started afresh).
    before = log.read_text(encoding="utf-8") if log.is_file() else ""

    def proxy() -> None:  # the lab's proxy writes its HAR while the app runs, after its reads
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            now = log.read_text(encoding="utf-8") if log.is_file() else ""
            fresh = now if not now.startswith(before) else now[len(before) :]
            if "SENT|imsi-read" in fresh:
                break
            time.sleep(0.05)
        entry = {
            "startedDateTime": datetime.now(timezone.utc).isoformat(),
            "request": {
                "method": "POST",
                "url": "https://native.tracker.example/collect",
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "postData": {"mimeType": "application/json", "text": f'{{"d":"{md5}"}}'},
            },
            "serverIPAddress": "198.51.100.4",
        }
        har.write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}))

    har.write_text(json.dumps({"log": {"version": "1.2", "entries": []}}))
    writer = threading.Thread(target=proxy, daemon=True)
    writer.start()
    out = tmp_path / "run"
    report = _run(device, SENDER, out, window=3.0, background_window=0.5, dialog_timeout=3.0,
                  capture=har)  # fmt: skip
    writer.join(timeout=10)
    [f] = [f for f in report.findings
           if isinstance(f, SentFinding) and f.host == "native.tracker.example"]  # fmt: skip
    assert (f.rule, f.data, f.encoding, f.channel.value, f.stack) == (
        Rule.sent_before_consent, Category.device_id, "md5", "capture", []
    )  # fmt: skip
    assert f.read_api == "android.telephony.TelephonyManager.getDeviceId"
    assert f.read_gap_s is not None and f.read_gap_s >= 0
    _nothing_raw(out)

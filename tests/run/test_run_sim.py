"""`harness run` end to end on the simulated device, with short observation windows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import pytest

from harness.errors import ConfigError, DeviceLost, ExitCode
from harness.model import Rule
from harness.report.model import RunReport
from harness.run.config import RunConfig
from harness.run.eventlog import read_events
from harness.run.protocol import run_app

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "examples" / "apps"
CRASHY = Path(__file__).parent / "apps" / "crashy-app"
pytestmark = pytest.mark.sim


def _config(target: Path, out: Path, **kw: Any) -> RunConfig:
    settings: dict[str, Any] = {"window": 1.5, "background_window": 0.5, "dialog_timeout": 30.0}
    settings.update(kw)
    return RunConfig(target=str(target), out=out, **settings)


def _no_process_left(device: Any, package: str) -> None:
    assert device.processes(package) == []


def test_ad_sdk_reads_before_consent_are_attributed_to_the_sdk(device: Any, tmp_path: Path) -> None:
    report = run_app(_config(APPS / "ad-sdk-app", tmp_path), device=device)
    assert report.status == "completed", report.problems
    assert report.consent.dialog_detected and report.consent.outcome == "accepted"
    pre = [f for f in report.findings if f.rule is Rule.pre_consent]
    by_data = {f.data.value: f for f in pre}
    for data in ("device_id", "android_id", "installed_apps"):
        assert data in by_data, f"no pre_consent finding for {data}: {sorted(by_data)}"
        assert by_data[data].actor.kind == "sdk", by_data[data].actor
        assert by_data[data].process == "com.example.adsdkapp"
        assert by_data[data].stack, "a finding carries the stack of its first call"
    # Values are masked by default: the simulated IMEI never appears in clear.
    assert "861234567890123" not in (tmp_path / "events.jsonl").read_text()
    for name in ("events.jsonl", "report.json", "report.html", "junit.xml"):
        assert (tmp_path / name).is_file(), name
    again = RunReport.model_validate_json((tmp_path / "report.json").read_text())
    assert len(again.findings) == len(report.findings)
    _assert_timings(again)
    _no_process_left(device, "com.example.adsdkapp")


def _assert_timings(report: RunReport) -> None:
    """report.json's timings name where the wall time went (issue #19)."""
    timings = report.timings
    assert timings is not None
    for phase in ("install", "clear", "spawn", "agent_load", "resume", "dialog_polling"):
        assert phase in timings.phases, sorted(timings.phases)
    for phase in ("decision", "observe_after", "observe_background", "collection", "stop"):
        assert phase in timings.phases, sorted(timings.phases)
    assert "rules" in timings.phases
    assert "report_writing" in timings.phases  # written again with its own writing time
    assert all(v >= 0 for v in timings.phases.values())
    # the window phases are the configured windows at least: 1.5 + 1.5 + 0.5 s
    assert timings.windows_s >= 3.5 - 0.05
    assert timings.total_s >= sum(timings.phases.values()) - 0.01
    assert abs(timings.overhead_s - (timings.total_s - timings.windows_s)) < 0.002
    assert 0 < timings.evidence_s < timings.total_s
    (load,) = timings.agent_loads  # the ad-sdk app has one process
    assert load.process == "com.example.adsdkapp" and load.total_s > 0
    assert abs(load.total_s - (load.attach_s + load.compile_s + load.load_s + load.init_s)) < 0.001
    assert list(timings.phases)[:4] == ["install", "clear", "spawn", "agent_load"]


@pytest.mark.parametrize("consent", ["accept", "reject"])
def test_well_behaved_app_has_no_pre_consent_nor_after_refusal(
    device: Any, tmp_path: Path, consent: str
) -> None:
    report = run_app(_config(APPS / "good-news", tmp_path, consent=consent), device=device)
    assert report.consent.dialog_detected
    assert report.consent.outcome == ("accepted" if consent == "accept" else "refused")
    rules = {f.rule for f in report.findings}
    assert Rule.pre_consent not in rules
    assert Rule.after_refusal not in rules
    names = [m.name for m in report.consent.markers]
    assert names[0] == "consent_dialog_shown"
    assert ("consent_accepted" if consent == "accept" else "consent_refused") in names
    if consent == "accept":
        calls = [e for e in read_events(tmp_path / "events.jsonl") if e.type == "call"]
        assert calls, "the app reads data once the user has agreed"


def test_push_process_finding_carries_its_process_name(device: Any, tmp_path: Path) -> None:
    config = _config(APPS / "push-app", tmp_path, await_processes=[":push"])
    report = run_app(config, device=device)
    assert report.status == "completed", report.problems
    push = [f for f in report.findings if f.process == "com.example.pushapp:push"]
    assert push, [(f.rule.value, f.data.value, f.process) for f in report.findings]
    assert any(f.rule is Rule.pre_consent and f.data.value == "device_id" for f in push)
    assert any(p.name == "com.example.pushapp:push" for p in report.processes)
    assert {h.process for h in report.hooks} >= {"com.example.pushapp", "com.example.pushapp:push"}
    _no_process_left(device, "com.example.pushapp")


def test_awaiting_a_process_the_app_does_not_declare_is_bad_input(
    device: Any, tmp_path: Path
) -> None:
    config = _config(APPS / "push-app", tmp_path, await_processes=[":pushh"])
    with pytest.raises(ConfigError, match=r"await_processes: ':pushh' is not a process of"):
        run_app(config, device=device)
    _no_process_left(device, "com.example.pushapp")


def test_app_crash_mid_run_gives_a_partial_report_with_what_was_recorded(
    device: Any, tmp_path: Path
) -> None:
    report = run_app(_config(CRASHY, tmp_path, window=4.0), device=device)
    assert report.status == "partial"
    assert any(p.kind == "app_crashed" for p in report.problems), report.problems
    assert any(f.data.value == "device_id" for f in report.findings)
    assert (tmp_path / "report.html").is_file()
    _no_process_left(device, "com.example.crashy")


class _DeviceThatDies:
    """A device double: the simulated device, until it is unplugged after the dialog shows."""

    def __init__(self, inner: Any, dumps_before_loss: int) -> None:
        self._inner = inner
        self._dumps_left = dumps_before_loss

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def dump_ui(self) -> str:
        if self._dumps_left <= 0:
            raise DeviceLost("device sim-flaky went away (unplugged)")
        self._dumps_left -= 1
        return str(self._inner.dump_ui())

    def close(self) -> None:  # the module fixture owns the real device
        pass


def test_device_lost_mid_run_is_a_clear_error_and_events_are_kept(
    device: Any, tmp_path: Path
) -> None:
    flaky = _DeviceThatDies(device, dumps_before_loss=2)
    with pytest.raises(DeviceLost, match="went away"):
        run_app(_config(APPS / "ad-sdk-app", tmp_path), device=flaky)
    events = list(read_events(tmp_path / "events.jsonl"))
    assert any(e.type == "call" for e in events), "what was recorded before the loss is kept"
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["status"] == "partial"
    assert report["problems"][0]["kind"] == "device_lost"
    _no_process_left(device, "com.example.adsdkapp")


def _cli(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HARNESS_SIM_HOME": str(env_home)}
    return subprocess.run(
        [sys.executable, "-m", "harness", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_exit_statuses_and_json_summary(tmp_path: Path) -> None:
    home = tmp_path / "home"
    out = tmp_path / "run"
    done = _cli(
        "run",
        str(APPS / "ad-sdk-app"),
        "--out",
        str(out),
        "--window",
        "1.5",
        "--background-window",
        "0.5",
        "--dialog-timeout",
        "30",
        "--json",
        "--fail-on",
        "pre_consent",
        env_home=home,
    )
    assert done.returncode == ExitCode.FINDINGS, done.stderr
    summary = json.loads(done.stdout)
    assert summary["by_rule"]["pre_consent"] >= 3
    assert Path(summary["report"]).is_file()

    missing = _cli(
        "run", str(tmp_path / "no-such-app"), "--out", str(tmp_path / "r2"), env_home=home
    )
    assert missing.returncode == ExitCode.USAGE, missing.stderr  # bad input, as README says
    assert "no-such-app" in missing.stderr
    assert not (tmp_path / "r2").exists()  # a run that cannot start leaves no folder behind

    bad_rule = _cli("run", str(APPS / "ad-sdk-app"), "--fail-on", "sometimes", env_home=home)
    assert bad_rule.returncode == ExitCode.USAGE
    assert "sometimes" in bad_rule.stderr


def test_manual_consent_marks_just_before_the_tester_taps(device: Any, tmp_path: Path) -> None:
    from harness.consent.detector import detect

    prompts: list[str] = []

    class Tester:
        """The human at the bench: says 'accept', then taps Agree on the device."""

        def about_to_tap(self) -> Literal["accept", "refuse"]:
            prompts.append("about_to_tap")
            return "accept"

        def has_acted(self) -> None:
            prompts.append("has_acted")
            (button,) = [a for a in detect(device.dump_ui()).accept if a.kind == "button"]
            device.tap(button.x, button.y)

    with pytest.raises(ConfigError, match="manual"):  # nobody to ask: refused before anything
        run_app(_config(APPS / "ad-sdk-app", tmp_path / "none", consent="manual"), device=device)
    assert not (tmp_path / "none").exists()
    report = run_app(
        _config(APPS / "ad-sdk-app", tmp_path, consent="manual"), device=device, tester=Tester()
    )
    assert prompts == ["about_to_tap", "has_acted"]
    assert report.consent.outcome == "accepted"
    names = [m.name for m in report.consent.markers]
    assert names[:2] == ["consent_dialog_shown", "consent_accepted"]
    # The SDK read before the tester agreed: still pre_consent.
    assert any(f.rule is Rule.pre_consent for f in report.findings)

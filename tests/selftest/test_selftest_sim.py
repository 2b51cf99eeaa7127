"""`harness selftest` against the simulated device, end to end (the Java twin of the probe),
and the verdict logic on that run's recorded outputs with parts of them taken away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli import run_cli
from harness.device.status import Check
from harness.model import CallEvent, HookFailure, MarkerEvent
from harness.report.model import RunReport
from harness.run.eventlog import read_events
from harness.selftest.evaluate import evaluate
from harness.selftest.spec import probe_spec

pytestmark = pytest.mark.sim
PROBE = "io.harness.selftest.probe:probe"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("selftest")
    code = run_cli(["selftest", "--device", "sim", "--out", str(out), "--window", "1.5"])
    assert code == 0, (out / "selftest.json").read_text()
    return out


def test_selftest_on_the_sim_passes_with_every_item(recorded: Path) -> None:
    verdict = json.loads((recorded / "selftest.json").read_text())
    assert verdict["passed"] is True
    kinds = {i["kind"] for i in verdict["items"]}
    assert kinds == {"bench", "run", "process", "hook", "call", "marker"}
    calls = [i["name"] for i in verdict["items"] if i["kind"] == "call"]
    assert f"telephony.getSubscriberId in {PROBE}" in calls and len(calls) == 6


def _load(recorded: Path) -> tuple[RunReport, list]:
    report = RunReport.model_validate_json((recorded / "run" / "report.json").read_text())
    return report, list(read_events(recorded / "run" / "events.jsonl"))


def test_a_process_that_never_started_fails_its_items(recorded: Path) -> None:
    report, events = _load(recorded)
    report.processes = [p for p in report.processes if p.name != PROBE]
    report.hooks = [h for h in report.hooks if h.process != PROBE]
    events = [e for e in events if e.process != PROBE]
    verdict = evaluate(probe_spec(), "sim", "x", report, events)
    failed = {(i.kind, i.name) for i in verdict.failures}
    assert failed == {
        ("process", PROBE),
        ("hook", f"telephony.getSubscriberId in {PROBE}"),
        ("hook", f"telephony.getDeviceId in {PROBE}"),
        ("call", f"telephony.getSubscriberId in {PROBE}"),
        ("call", f"telephony.getDeviceId in {PROBE}"),
    }
    assert not verdict.passed
    assert "never started" in next(i.detail for i in verdict.failures if i.kind == "process")


def test_hooks_that_did_not_fire_and_lost_markers_are_named(recorded: Path) -> None:
    report, events = _load(recorded)
    main = report.hooks[0]
    main.hooked.remove("settings.secure.getString")
    main.failed.append(HookFailure(id="settings.secure.getString", reason="ART method not found"))
    events = [
        e
        for e in events
        if not (isinstance(e, CallEvent) and e.hook_id == "settings.secure.getString")
        and not (isinstance(e, MarkerEvent) and e.name == "app_background")
    ]
    bench = [
        Check("selinux", "fail", "Enforcing and frida-server not in su context", "setenforce 0")
    ]
    verdict = evaluate(probe_spec(), "sim", "x", report, events, bench)
    failed = {(i.kind, i.name): i for i in verdict.failures}
    hook = failed[("hook", f"settings.secure.getString in {main.process}")]
    assert "ART method not found" in hook.detail and hook.fix
    assert ("call", f"settings.secure.getString in {main.process}") in failed
    assert ("marker", "app_background") in failed
    assert failed[("bench", "selinux")].fix == "setenforce 0"
    assert len(failed) == 4

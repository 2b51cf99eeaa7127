"""The regulator's checklist on the simulated device (issue #16): permission prompts answered as
configured, permission_before_consent / permission_reprompt with their actor, and the relaunch
step after an acceptance and after a refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.consent import parse_dump
from harness.consent.keywords import Keywords
from harness.consent.permission import prompt_nodes
from harness.model import Marker, Rule
from harness.run.config import RunConfig
from harness.run.eventlog import read_events
from harness.run.protocol import run_app

APP = Path(__file__).parent / "apps" / "ask-first"
PACKAGE = "com.example.askfirst"
pytestmark = pytest.mark.sim


def _run(out: Path, device: Any, **kw: Any) -> Any:
    settings: dict[str, Any] = {
        "window": 2.0,
        "background_window": 0.5,
        "dialog_timeout": 30.0,
        "permissions": "none",
    }
    settings.update(kw)
    return run_app(RunConfig(target=str(APP), out=out, **settings), device=device)


def _markers(report: Any) -> list[str]:
    return [m.name for m in report.consent.markers]


def test_prompts_denied_give_before_consent_and_reprompt_findings(
    device: Any, tmp_path: Path
) -> None:
    report = _run(tmp_path, device, consent="accept")
    assert report.status == "completed", report.problems
    # The system prompt was never taken for the privacy dialog: the app's own dialog was found
    # and accepted after the two permission prompts were denied.
    assert report.consent.dialog_detected and report.consent.outcome == "accepted"
    assert report.consent.permission_prompts[:2] == ["deny", "deny"]
    names = _markers(report)
    assert names.count("permission_prompt_denied") >= 2
    assert names.index("permission_prompt_denied") < names.index("consent_dialog_shown")
    before = [f for f in report.findings if f.rule is Rule.permission_before_consent]
    assert {f.data.value for f in before} == {"location", "device_id"}
    for f in before:
        assert f.actor.kind == "app" and f.actor.package == PACKAGE, f.actor
        assert f.api == "android.app.Activity.requestPermissions"
        assert f.phase == "before_dialog"
        assert f.count == 2  # the request and its repeat
    loc = next(f for f in before if f.data.value == "location")
    assert loc.example == "android.permission.ACCESS_FINE_LOCATION"
    again = [f for f in report.findings if f.rule is Rule.permission_reprompt]
    assert {f.data.value for f in again} == {"location", "device_id"}
    assert all(f.count == 1 for f in again)
    # The requests are not data reads: no pre_consent finding names requestPermissions.
    assert not [f for f in report.findings if f.rule is Rule.pre_consent and "request" in f.api]
    calls = [e for e in read_events(tmp_path / "events.jsonl") if e.type == "call"]
    asked = [c for c in calls if c.hook_id == "activity.requestPermissions"]
    assert asked and asked[0].args[0].startswith("[android.permission.ACCESS_FINE_LOCATION")


def test_prompts_allowed_give_no_reprompt(device: Any, tmp_path: Path) -> None:
    report = _run(tmp_path, device, consent="accept", permission_prompts="allow")
    assert report.status == "completed", report.problems
    assert report.consent.permission_prompts == ["allow", "allow"]  # two groups, asked once
    assert "permission_prompt_allowed" in _markers(report)
    rules = {f.rule for f in report.findings}
    assert Rule.permission_before_consent in rules
    assert Rule.permission_reprompt not in rules


def test_prompts_left_on_screen_are_marked_and_not_consent(device: Any, tmp_path: Path) -> None:
    report = _run(tmp_path, device, consent="accept", permission_prompts="leave", dialog_timeout=3)
    assert report.consent.permission_prompts == ["leave"]
    assert "permission_prompt_shown" in _markers(report)
    assert not report.consent.dialog_detected  # the prompt stays on top: no privacy dialog seen
    # the last phase's dump: `background` when there is a background window, else `end`
    names = ("ui-background.xml", "ui-end.xml")
    last = next(tmp_path / n for n in names if (tmp_path / n).exists())
    ui = last.read_text(encoding="utf-8")
    assert prompt_nodes(parse_dump(ui), Keywords.load()) or "launcher" in ui


def test_relaunch_after_refusal_is_after_refusal_and_prompts_again(
    device: Any, tmp_path: Path
) -> None:
    report = _run(tmp_path, device, consent="reject", relaunch=True)
    assert report.status == "completed", report.problems
    names = _markers(report)
    assert "app_relaunched" in names
    assert report.consent.dialog_on_relaunch is True  # the refusal was not remembered
    assert names.count("consent_dialog_shown") == 2
    after = [f for f in report.findings if f.rule is Rule.after_refusal]
    assert any(f.data.value == "android_id" for f in after), report.findings
    assert any(f.phase == "after_refusal" for f in after)  # the relaunch is in the foreground
    assert Rule.background not in {f.rule for f in report.findings}
    # The relaunch asks again for what was denied on the first launch.
    again = [f for f in report.findings if f.rule is Rule.permission_reprompt]
    assert again and max(f.count for f in again) >= 2
    processes = {p.pid: p for p in report.processes}
    assert len(processes) == 2 and all(p.ended == "killed" for p in processes.values())
    assert not [p for p in report.problems if p.kind in ("app_crashed", "agent_died")]


def test_relaunch_after_acceptance_does_not_prompt_again(device: Any, tmp_path: Path) -> None:
    report = _run(tmp_path, device, consent="accept", relaunch=True)
    assert report.status == "completed", report.problems
    assert "app_relaunched" in _markers(report)
    assert report.consent.dialog_on_relaunch is False
    assert _markers(report).count("consent_dialog_shown") == 1
    assert Rule.after_refusal not in {f.rule for f in report.findings}
    assert Rule.background not in {f.rule for f in report.findings}
    assert device.processes(PACKAGE) == []


LINKED = Path(__file__).parent / "apps" / "linked-app"
PARTNER = Path(__file__).parent / "apps" / "partner-app"


def test_starting_another_app_and_a_boot_receiver_are_findings(device: Any, tmp_path: Path) -> None:
    """Two apps side by side: linked-app wakes partner-app (installed beside it, not tested),
    probes two other packages, and its boot receiver runs when the device reboots."""
    report = run_app(
        RunConfig(
            target=str(LINKED),
            out=tmp_path,
            window=1.5,
            background_window=0.5,
            dialog_timeout=2.0,
            also_install=[str(PARTNER)],
            reboot=True,
        ),
        device=device,
    )
    assert report.status == "completed", report.problems
    assoc = [f for f in report.findings if f.rule is Rule.associated_start]
    by_api = {f.api: f for f in assoc}
    assert set(by_api) == {
        "android.content.ContextWrapper.startService",
        "android.content.ContextWrapper.bindService",
        "android.content.ContextWrapper.sendBroadcast",
        "android.app.Activity.startActivity",
    }, assoc
    assert by_api["android.app.Activity.startActivity"].example == (
        "com.tencent.mm/.ui.LauncherUI, com.example.partner/.MainActivity"
    )
    for api in ("startService", "bindService"):
        assert by_api[f"android.content.ContextWrapper.{api}"].example == (
            "com.example.partner/.PushService"
        )
    assert by_api["android.content.ContextWrapper.sendBroadcast"].example == "com.example.partner"
    assert all(f.actor.kind == "app" for f in assoc)

    # self_start twice: declared in the manifest (static) and run after the reboot, with no
    # activity in front (the background phase: the app was sent HOME before the reboot)
    selfs = {f.phase: f for f in report.findings if f.rule is Rule.self_start}
    assert set(selfs) == {"static", "background"}, selfs
    assert selfs["static"].example is not None and "BOOT_COMPLETED" in selfs["static"].example
    ran = selfs["background"]
    assert ran.api == "android.app.ActivityThread.handleReceiver"
    assert ran.example == "com.example.linked.BootReceiver: android.intent.action.BOOT_COMPLETED"
    assert ran.actor.kind == "app" and ran.count == 1
    assert Marker.device_rebooted.value in _markers(report)
    # what the receiver read is collection before consent, with the receiver on its stack
    (boot_read,) = [
        f
        for f in report.findings
        if f.rule is Rule.pre_consent and any("BootReceiver.onReceive" in s for s in f.stack)
    ]
    assert boot_read.data.value == "android_id"

    # probes of other packages: the probed names, not the app's own look-up
    probes = [
        e
        for e in read_events(tmp_path / "events.jsonl")
        if getattr(e, "hook_id", "") == "appPackageManager.getPackageInfo"
    ]
    assert sorted(e.args[0] for e in probes) == [
        "com.example.absent",
        "com.example.linked",
        "com.tencent.mm",
    ]
    absent = next(e for e in probes if e.args[0] == "com.example.absent")
    assert absent.threw is not None and "NameNotFoundException" in absent.threw
    (probe,) = [
        f
        for f in report.findings
        if f.rule is Rule.pre_consent and f.api.endswith("ApplicationPackageManager.getPackageInfo")
    ]
    assert probe.data.value == "installed_apps" and probe.count == 2
    # the partner's processes end with the run
    assert device.processes("com.example.partner") == []

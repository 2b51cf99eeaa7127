"""Broadcasts and several apps side by side on the simulated device (issue #16): a boot broadcast
starts the app's process for its manifest receiver, and an app's explicit intents reach another
installed app, whose components run in that app's own process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from psutil import Process

from harness.device.sim import SimDevice
from harness.device.sim.procs import flag
from tests.sim.conftest import log_text, pid_alive, wait_for

pytestmark = pytest.mark.sim

RUN_APPS = Path(__file__).resolve().parents[1] / "run" / "apps"
LINKED = RUN_APPS / "linked-app"
PARTNER = RUN_APPS / "partner-app"
_ENTRY = re.compile(r'<string name="([^"]+)">([^<]*)</string>')


def _prefs(device: SimDevice, package: str, name: str) -> dict[str, str]:
    path = device.data_dir(package) / "shared_prefs" / f"{name}.xml"
    return dict(_ENTRY.findall(path.read_text(encoding="utf-8"))) if path.is_file() else {}


def test_an_apps_explicit_intents_reach_another_installed_app(device: SimDevice) -> None:
    device.install(PARTNER)
    device.install(LINKED)
    main = device.start_paused("com.example.linked")
    device.resume(main.pid)
    # started for the service, then bound, sent the broadcast and opened, in that order
    woken = wait_for(
        lambda: (
            (p := _prefs(device, "com.example.partner", "woken"))
            and {"service1", "service2", "receiver", "activity"} <= set(p)
            and p
        ),
        timeout=60,
        what="the partner's service, receiver and activity to run",
    )
    assert isinstance(woken, dict)
    assert "cmp=com.example.partner/.PushService" in woken["service1"]
    assert "act=com.example.partner.WAKE" in woken["receiver"]
    assert "cmp=com.example.partner/.WakeReceiver" in woken["receiver"]
    # every component ran in one process of the partner's own, not in the caller's
    pids = {value.rsplit("pid=", 1)[1] for value in woken.values()}
    assert len(pids) == 1
    partner_pid = int(pids.pop())
    assert partner_pid != main.pid and pid_alive(partner_pid)
    assert flag(Process(partner_pid).cmdline(), "--package") == "com.example.partner"
    assert [p.pid for p in device.processes("com.example.partner")] == [partner_pid]
    # the partner came to the front through its launch intent
    wait_for(lambda: device.foreground_package() == "com.example.partner", what="partner in front")
    assert "Start proc com.example.partner" in log_text(device, "com.example.linked")
    device.force_stop("com.example.linked")
    device.force_stop("com.example.partner")
    assert device.processes("com.example.partner") == []


def test_boot_completed_starts_the_process_for_its_receiver(device: SimDevice) -> None:
    device.install(LINKED)
    proc = device.boot_broadcast("com.example.linked")
    assert proc is not None
    assert _prefs(device, "com.example.linked", "boot") == {}  # paused: nothing of the app ran
    device.resume(proc.pid)
    boot = wait_for(
        lambda: _prefs(device, "com.example.linked", "boot"), timeout=60, what="the boot receiver"
    )
    assert isinstance(boot, dict)
    assert "act=android.intent.action.BOOT_COMPLETED" in boot["received"]
    assert "cmp=com.example.linked/.BootReceiver" in boot["received"]
    # a process started for a receiver shows no activity: the launcher stays in front
    assert device.foreground_package() is None
    assert [p.pid for p in device.processes("com.example.linked")] == [proc.pid]


def test_boot_completed_starts_nothing_without_a_boot_receiver(device: SimDevice) -> None:
    device.install(PARTNER)
    assert device.boot_broadcast("com.example.partner") is None
    assert device.processes("com.example.partner") == []

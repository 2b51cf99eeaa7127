"""The app runtime: lifecycle order on the main thread, permissions, prefs, crashes, escaping."""

from __future__ import annotations

import re
from pathlib import Path

from harness.device.sim import SimDevice, control
from harness.device.sim.procs import gone, live_processes
from harness.device.sim.secret import device_secret
from harness.errors import DeviceError

from .conftest import (
    LIFECYCLE,
    by_text,
    center,
    has_text,
    log_text,
    nodes,
    start,
    tap_text,
    wait_for,
)

PKG = "com.test.lifecycle"
IMEI_PERM = "android.permission.READ_PHONE_STATE"


def probe_lines(device: SimDevice) -> list[str]:
    return [m.group(1) for m in re.finditer(r" I Probe: (.*)", log_text(device, PKG))]


def test_lifecycle_order_on_main_thread(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    start(device, PKG)
    wait_for(lambda: any("handler.postDelayed" in line for line in probe_lines(device)))
    steps = [line.split(" ")[0] for line in probe_lines(device) if "thread=" in line]
    assert steps[:7] == [
        "static-init",
        "attachBaseContext",
        "app.onCreate",
        "activity.onCreate",
        "activity.onStart",
        "activity.onResume",
        "handler.postDelayed",
    ]
    assert all("thread=main" in line for line in probe_lines(device) if "thread=" in line)
    assert "process=com.test.lifecycle" in log_text(device, PKG)


def test_paused_process_runs_no_app_code(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    proc = device.start_paused(PKG)
    # the JVM says it holds before the app's class loader: a state, not a guess after a sleep
    (registered,) = live_processes(device.home, PKG)
    token = device_secret(device.home)
    assert control.request(registered.control_port, {"cmd": "ping"}, token=token)["paused"] is True
    assert [p.pid for p in device.processes(PKG)] == [proc.pid]
    assert "Probe" not in log_text(device, PKG)  # not even the static initialiser
    assert device.foreground_package() is None
    device.resume(proc.pid)
    wait_for(lambda: "static-init" in log_text(device, PKG))


def test_permission_denied_then_granted(device: SimDevice) -> None:
    app = device.install(LIFECYCLE)
    assert IMEI_PERM in app.requested_permissions
    assert IMEI_PERM not in device.granted_permissions(PKG)  # dangerous: not granted by install
    assert "android.permission.INTERNET" in device.granted_permissions(PKG)
    start(device, PKG)
    wait_for(lambda: "imei" in log_text(device, PKG))
    assert "imei-denied getDeviceId: neither user" in log_text(device, PKG)

    device.grant(PKG, IMEI_PERM)
    start(device, PKG)
    line = wait_for(lambda: re.search(r"imei=(\d+)", log_text(device, PKG)))
    assert len(line.group(1)) == 15  # type: ignore[union-attr]

    device.revoke(PKG, IMEI_PERM)
    start(device, PKG)
    wait_for(lambda: "imei-denied" in log_text(device, PKG))


def test_prefs_persist_across_restarts_and_clear_wipes_them(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    start(device, PKG)
    tap_text(device, "Add")
    tap_text(device, "Add")
    wait_for(lambda: has_text(device.dump_ui(), "count=2"))
    prefs = device.data_dir(PKG) / "shared_prefs" / "counter.xml"
    assert '<int name="count" value="2" />' in prefs.read_text()

    device.force_stop(PKG)
    start(device, PKG)
    assert by_text(device.dump_ui(), "count=2") is not None

    device.clear_data(PKG)
    assert not prefs.exists()
    start(device, PKG)
    assert by_text(device.dump_ui(), "count=0") is not None


def test_checkbox_toggles_on_tap(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    start(device, PKG)
    box = by_text(device.dump_ui(), "I have read the terms")
    assert box is not None and box.get("checkable") == "true" and box.get("checked") == "false"
    device.tap(*center(box))
    assert by_text(device.dump_ui(), "I have read the terms").get("checked") == "true"  # type: ignore[union-attr]


def test_crash_in_click_listener_kills_the_process(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    pid = start(device, PKG)
    crash = by_text(device.dump_ui(), "Crash")
    assert crash is not None
    try:
        device.tap(*center(crash))
    except (DeviceError, OSError):
        pass  # the process may die before it answers
    wait_for(lambda: device.processes(PKG) == [], what="the crashed process to be gone")
    log = log_text(device, PKG)
    assert "FATAL EXCEPTION: main" in log and f"PID: {pid}" in log
    assert "java.lang.IllegalStateException: boom from a click" in log
    assert re.search(
        r"at com\.test\.lifecycle\.ProbeActivity\$\d+\.onClick\(ProbeActivity\.java:\d+\)", log
    )
    assert device.foreground_package() is None


def test_app_strings_are_escaped_in_the_dump(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    start(device, PKG)
    hostile = next(n for n in nodes(device.dump_ui()) if n.get("content-desc") == "desc<>&")
    assert hostile.get("text") == '<b>&"quoted"\'\ufffd</b>'


def test_ids_and_bounds_of_activity_views(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    start(device, PKG)
    xml = device.dump_ui()
    all_nodes = nodes(xml)
    root = all_nodes[0]
    assert root.get("bounds") == "[0,0][1080,2400]" and root.get("package") == PKG
    content = all_nodes[1]
    assert content.get("resource-id") == "android:id/content"
    assert content.get("bounds") == "[0,84][1080,2274]"
    counter = by_text(xml, "count=0")
    add = by_text(xml, "Add")
    assert counter is not None and add is not None
    # stacked top to bottom, full width, inside the content area
    assert counter.get("bounds", "").startswith("[0,84][1080,")
    assert center(add)[1] > center(counter)[1]


def test_reboot_kills_running_and_forever_paused_processes(tmp_path: Path) -> None:
    device = SimDevice(home=tmp_path / "reboot-home")
    app = device.install(Path(__file__).resolve().parents[2] / "examples" / "apps" / "push-app")
    paused = device.start_paused(app.package)  # its controller "dies": nobody resumes it
    assert device.processes(app.package) == [paused]
    assert device.reboot() == [paused.pid]
    assert device.processes(app.package) == []
    assert gone(paused.pid)

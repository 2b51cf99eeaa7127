"""Processes: the :push service in its own OS process, the gate, force-stop, the registry."""

from __future__ import annotations

import threading

from harness.device.base import ProcessInfo
from harness.device.sim import SimDevice

from .conftest import EXAMPLES, LIFECYCLE, log_text, pid_alive, wait_for

PKG = "com.example.pushapp"


def test_push_service_runs_in_its_own_gated_process(device: SimDevice) -> None:
    app = device.install(EXAMPLES / "push-app")
    assert app.processes == (PKG, f"{PKG}:push")
    device.grant(PKG, "android.permission.READ_PHONE_STATE")
    seen: list[ProcessInfo] = []
    release = threading.Event()

    def handler(proc: ProcessInfo) -> None:
        seen.append(proc)
        # while the handler runs, the process is announced but has run no app code
        assert "in process com.example.pushapp:push" not in log_text(device, PKG)
        release.set()

    gate = device.gate_processes(PKG, handler)
    try:
        main = device.start_paused(PKG)
        assert [p.name for p in device.processes(PKG)] == [PKG]
        device.resume(main.pid)
        wait_for(release.is_set, what="the :push process at the gate")
        procs = wait_for(lambda: len(device.processes(PKG)) == 2 and device.processes(PKG))
        names = {p.name: p.pid for p in procs}  # type: ignore[union-attr]
        assert set(names) == {PKG, f"{PKG}:push"}
        assert names[PKG] == main.pid and names[f"{PKG}:push"] != main.pid
        assert seen == [ProcessInfo(pid=names[f"{PKG}:push"], name=f"{PKG}:push")]
        wait_for(lambda: "register with device id 86" in log_text(device, PKG))
        log = log_text(device, PKG)
        # the Application ran in both processes; the SDK init only in the main one
        assert "onCreate in process com.example.pushapp\n" in log
        assert "onCreate in process com.example.pushapp:push" in log
        device.resume(names[f"{PKG}:push"])  # already resumed by the gate: a no-op
    finally:
        gate.close()
    pids = [p.pid for p in device.processes(PKG)]
    device.force_stop(PKG)
    assert device.processes(PKG) == []
    assert not any(pid_alive(pid) for pid in pids)


def test_wait_idle_waits_for_the_gated_push_process_and_its_start_up(device: SimDevice) -> None:
    device.install(EXAMPLES / "push-app")
    device.grant(PKG, "android.permission.READ_PHONE_STATE")
    at_gate = threading.Event()
    release = threading.Event()

    def handler(proc: ProcessInfo) -> None:  # an agent that takes as long as the test says
        at_gate.set()
        assert release.wait(60)

    gate = device.gate_processes(PKG, handler)
    try:
        main = device.start_paused(PKG)
        device.resume(main.pid)
        wait_for(at_gate.is_set, timeout=60, what="the :push process at the gate")
        # held at the gate, :push has not finished starting: the wait ends at its deadline
        assert device.wait_idle(PKG, 2.0) == [f"{PKG}:push"]
        assert "register with device id" not in log_text(device, PKG)
        release.set()
        assert device.wait_idle(PKG, 30) == []
        # no polling of the log: once idle, the service's posted registration has run
        assert "register with device id 86" in log_text(device, PKG)
    finally:
        release.set()
        gate.close()
        device.force_stop(PKG)


def test_wait_idle_covers_what_a_background_thread_of_the_app_does(device: SimDevice) -> None:
    app = device.install(EXAMPLES / "ad-sdk-app")
    main = device.start_paused(app.package)
    device.resume(main.pid)
    assert device.wait_idle(app.package, 30) == []
    log = log_text(device, app.package)
    # the SDK's worker thread read the MAC and the app list, and its post back to main has run
    assert "mac=" in log and "device profile ready" in log
    device.force_stop(app.package)


def test_without_a_gate_child_processes_start_at_once(device: SimDevice) -> None:
    device.install(EXAMPLES / "push-app")
    main = device.start_paused(PKG)
    device.resume(main.pid)
    wait_for(lambda: len(device.processes(PKG)) == 2, what="the :push process")
    # READ_PHONE_STATE is not granted: the SDK's read fails and it registers without an id
    wait_for(lambda: "register with device id \n" in log_text(device, PKG))


def test_force_stop_leaves_nothing_behind(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    proc = device.start_paused("com.test.lifecycle")
    assert pid_alive(proc.pid)
    registry = device.home / "proc" / f"{proc.pid}.json"
    assert registry.is_file()
    device.force_stop("com.test.lifecycle")
    assert not pid_alive(proc.pid)
    assert not registry.exists()
    assert device.processes("com.test.lifecycle") == []


def test_start_paused_replaces_a_running_process(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    first = device.start_paused("com.test.lifecycle")
    second = device.start_paused("com.test.lifecycle")
    assert first.pid != second.pid and not pid_alive(first.pid)
    assert [p.pid for p in device.processes("com.test.lifecycle")] == [second.pid]


def test_stale_registry_entries_are_ignored(device: SimDevice) -> None:
    device.install(LIFECYCLE)
    stale = device.home / "proc" / "999999999.json"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text(
        '{"pid":999999999,"package":"com.test.lifecycle","process":"com.test.lifecycle",'
        '"control_port":1,"state":"running"}'
    )
    assert device.processes("com.test.lifecycle") == []
    assert not stale.exists()

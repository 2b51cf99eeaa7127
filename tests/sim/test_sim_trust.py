"""The simulated device's trust boundary, attacked for real (tests/sim/apps/hostile).

Its control ports answer only requests carrying the device's secret; its gate believes the
kernel (SO_PEERCRED) and its own process table, never an announcement; an app's processes run
in a sandbox that cannot write the run folder and is emptied by force_stop; and they end with a
controller that was killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from harness.device.base import ProcessInfo
from harness.device.sim import SimDevice
from harness.device.sim.procs import MAIN_CLASS, kill_and_wait, live_processes
from harness.device.sim.sandbox import sandboxed

from .conftest import EXAMPLES, TEST_APPS, bounds, log_text, nodes, wait_for

pytestmark = pytest.mark.sim
HOSTILE = TEST_APPS / "hostile"
GOOD_NEWS = EXAMPLES / "good-news"
ACTIVE = ("\x1b", "\x07", "\u202e")


def _raw(port: int, payload: dict[str, object]) -> dict[str, object]:
    """A request as any local process could send it: no secret, or a guessed one."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(json.dumps(payload).encode() + b"\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    return json.loads(reply) if reply else {}


def test_control_port_refuses_whoever_lacks_the_device_secret(device: SimDevice) -> None:
    app = device.install(GOOD_NEWS)
    main = device.start(app.package)
    dialog = wait_for(lambda: "同意" in device.dump_ui(), timeout=60, what="the consent dialog")
    assert dialog
    agree = next(n for n in nodes(device.dump_ui()) if n.get("text") == "同意")
    left, top, right, bottom = bounds(agree)
    (proc,) = live_processes(device.home, app.package)
    for token in (None, "0" * 64):
        request: dict[str, object] = {
            "cmd": "tap",
            "x": (left + right) // 2,
            "y": (top + bottom) // 2,
        }
        if token is not None:
            request["token"] = token
        assert _raw(proc.control_port, request) == {"ok": False, "error": "unauthorized"}
        assert _raw(proc.control_port, {"cmd": "exit", "token": token}).get("ok") is False
    assert "consent given" not in log_text(device, app.package)  # "Agree" was never tapped
    assert "同意" in device.dump_ui()  # the dialog is still up; the device itself is obeyed
    assert psutil.pid_exists(main.pid)


def test_gate_hands_over_no_process_the_app_chose(device: SimDevice) -> None:
    app = device.install(HOSTILE)
    seen: list[ProcessInfo] = []
    gate = device.gate_processes(app.package, seen.append)
    try:
        main = device.start_paused(app.package)
        device.resume(main.pid)
        wait_for(
            lambda: log_text(device, app.package).count("announce") >= 2,
            timeout=60,
            what="the app's forged announcements",
        )
        wait_for(lambda: len(gate.gate.rejected) >= 2, timeout=30, what="the refusals")
    finally:
        gate.close()
    assert seen == []  # neither the sleep child (":forged") nor the harness (":forged-parent")
    # the kernel names the sender, whatever pid it claimed: the app's main JVM, never gated
    assert {pid for pid, _ in gate.gate.rejected} == {main.pid}
    assert all("never gated" in reason for _, reason in gate.gate.rejected)


def _cli(*args: str, home: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HARNESS_SIM_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "harness", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def _run_hostile(out: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`harness run` of the hostile app: short windows, a time limit it must not outlast."""
    return _cli(
        "run",
        str(HOSTILE),
        "--out",
        str(out),
        "--window",
        "2",
        "--background-window",
        "1",
        "--dialog-timeout",
        "60",
        "--time-limit",
        "150",
        home=home,
        timeout=300,
    )


def _tamperers() -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        if "hostile-tamper" in (proc.info["cmdline"] or []):
            found.append(proc)
    return found


@pytest.mark.skipif(not sandboxed(), reason="bubblewrap (Debian: bubblewrap) is not installed")
def test_a_hostile_app_neither_hangs_the_run_nor_forges_or_rewrites_its_report(
    tmp_path: Path,
) -> None:
    out = tmp_path / "run"
    started = time.monotonic()
    try:
        done = _run_hostile(out, tmp_path / "home")
    except subprocess.TimeoutExpired:
        pytest.fail("the hostile app hung `harness run` past --time-limit")
    assert time.monotonic() - started < 300
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["status"] in ("completed", "partial"), done.stderr[-3000:]
    names = [p["name"] for p in report["processes"]]
    assert names and not any("forged" in n for n in names), names
    assert {h["pid"] for h in report["hooks"]} <= {p["pid"] for p in report["processes"]}
    log = (out / "app.log").read_text(encoding="utf-8")
    assert "tamperer waits for" in log and "announced" in log  # the attacks were made
    # the detached tamperer died with the app (force_stop empties the sandbox) ...
    deadline = time.monotonic() + 30
    while _tamperers() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _tamperers(), "a detached child of the app outlived the run"
    # ... and nothing it could have done changed what was recorded
    assert not (out / "TAMPERED").exists()
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == report
    verify = _cli("verify", str(out), home=tmp_path / "home", timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # the thread name's controls and override are visible in the HTML, never active
    html = (out / "report.html").read_text(encoding="utf-8")
    assert not any(c in html for c in ACTIVE)
    assert "\\u202etxt.exe" in html


def test_a_sandboxed_app_cannot_write_outside_its_device(device: SimDevice, tmp_path: Path) -> None:
    if not sandboxed():
        pytest.skip("bubblewrap (Debian: bubblewrap) is not installed")
    app = device.install(GOOD_NEWS)
    main = device.start(app.package)
    wait_for(lambda: "同意" in device.dump_ui(), timeout=60, what="the consent dialog")
    assert os.readlink(f"/proc/{main.pid}/ns/mnt") != os.readlink("/proc/self/ns/mnt")
    target = tmp_path / "run" / "report.json"
    target.parent.mkdir()
    target.write_text("{}", encoding="utf-8")
    # a shell in the app's sandbox, as a detached child of the app would be
    shell = subprocess.run(
        ["nsenter", f"--mount=/proc/{main.pid}/ns/mnt", "sh", "-c", f"echo x > {target}"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert shell.returncode != 0 and "Read-only" in shell.stderr
    assert target.read_text(encoding="utf-8") == "{}"
    assert (device.home / "data").is_dir()  # the device's own home stays writable for it


def test_app_processes_end_when_the_controller_is_killed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "HARNESS_SIM_HOME": str(home)}
    controller = subprocess.Popen(
        [sys.executable, "-m", "harness", "run", str(GOOD_NEWS), "--out", str(tmp_path / "run")]
        + ["--window", "60", "--dialog-timeout", "120"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def app_jvms() -> list[int]:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            cmdline = proc.info["cmdline"] or []
            if MAIN_CLASS in cmdline and any(a.startswith(str(home)) for a in cmdline):
                if Path(cmdline[0]).name.startswith("java"):
                    found.append(proc.pid)
        return found

    try:
        jvms = wait_for(app_jvms, timeout=120, what="the app's JVM")
        assert isinstance(jvms, list)
        os.kill(controller.pid, signal.SIGKILL)
        controller.wait(timeout=30)
        deadline = time.monotonic() + 30
        while app_jvms() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert app_jvms() == [], "the app's JVM outlived its controller's kill -9"
    finally:
        if controller.poll() is None:
            controller.kill()
            controller.wait()
        kill_and_wait(app_jvms())  # what a failing run left behind


def _of_controller(pid: int) -> list[psutil.Process]:
    """Every process a per-run device started for the controller `pid`, whatever it is (a JVM,
    a detached shell, a sleep, the sandbox's watchdog): they carry its pid in their environment."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("HARNESS_SIM_CONTROLLER") == str(pid):
                found.append(proc)
        except psutil.Error:
            continue  # gone, or another user's
    return found


@pytest.mark.skipif(not sandboxed(), reason="bubblewrap (Debian: bubblewrap) is not installed")
def test_a_detached_child_of_the_app_dies_with_a_killed_controller(tmp_path: Path) -> None:
    """kill -9 of `harness run` while the app's detached, non-JVM child (the hostile app's
    `setsid sh` tamperer, waiting minutes for the report) runs: nothing of the run survives."""
    home = tmp_path / "home"
    env = {**os.environ, "HARNESS_SIM_HOME": str(home)}
    controller = subprocess.Popen(
        [sys.executable, "-m", "harness", "run", str(HOSTILE), "--out", str(tmp_path / "run")]
        + ["--window", "60", "--dialog-timeout", "120", "--time-limit", "200"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def tamperer() -> list[psutil.Process]:
        ours = str(controller.pid)
        found = []
        for proc in _tamperers():  # the hostile app's, in any test; then this run's
            try:
                if proc.environ().get("HARNESS_SIM_CONTROLLER") == ours:
                    found.append(proc)
            except psutil.Error:
                continue
        return found

    try:
        wait_for(tamperer, timeout=180, what="the app's detached shell")
        before = _of_controller(controller.pid)
        assert any(p.name().startswith("java") for p in before), before
        os.kill(controller.pid, signal.SIGKILL)
        controller.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _of_controller(controller.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [(p.pid, p.name()) for p in _of_controller(controller.pid)]
        assert left == [], f"processes of the run outlived its controller's kill -9: {left}"
    finally:
        if controller.poll() is None:
            controller.kill()
            controller.wait()
        kill_and_wait([p.pid for p in _of_controller(controller.pid)])


def test_without_the_sandbox_the_evidence_manifest_shows_the_rewrite(tmp_path: Path) -> None:
    """Unfenced (no bubblewrap), the detached child does rewrite report.json after the run:
    `harness verify` names the file as changed."""
    out = tmp_path / "run"
    home = tmp_path / "home"
    env_before = os.environ.get("HARNESS_SIM_NO_SANDBOX")
    os.environ["HARNESS_SIM_NO_SANDBOX"] = "1"
    try:
        done = _run_hostile(out, home)
        assert (out / "report.json").is_file(), done.stderr[-3000:]
        assert "tamperer waits for" in (out / "app.log").read_text(encoding="utf-8")
        wait_for(lambda: (out / "TAMPERED").exists(), timeout=60, what="the rewrite")
        verify = _cli("verify", str(out), home=home, timeout=120)
        assert verify.returncode != 0
        assert "report.json: changed" in verify.stdout + verify.stderr
    finally:
        if env_before is None:
            os.environ.pop("HARNESS_SIM_NO_SANDBOX", None)
        else:
            os.environ["HARNESS_SIM_NO_SANDBOX"] = env_before
        for proc in _tamperers():
            proc.kill()

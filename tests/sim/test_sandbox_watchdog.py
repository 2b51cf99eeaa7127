"""The sandbox's watchdog (harness/device/sim/sandbox_watchdog.py) on its own, without a sim:
whatever the command started, however detached, dies when the controller does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import psutil

from harness.device.sim.procs import kill_and_wait
from harness.device.sim.sandbox import WATCHDOG


def _marked(marker: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        if marker in (proc.info["cmdline"] or []):
            found.append(proc)
    return found


def _wait_until(check: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _watchdog(controller: int, script: str, marker: str) -> subprocess.Popen[bytes]:
    command = ["sh", "-c", script, marker]
    return subprocess.Popen(
        [sys.executable, "-I", "-S", str(WATCHDOG), str(controller), "--", *command],
        start_new_session=True,
    )


def test_a_detached_grandchild_dies_when_the_controller_is_killed() -> None:
    marker = f"watchdog-test-{uuid.uuid4().hex}"
    controller = subprocess.Popen(["sleep", "600"])  # stands for `harness run`
    # the "app": a detached shell in its own session (as setsid from a JVM), then waits itself
    script = 'setsid sh -c "sleep 600; : $0" "$0" & sleep 600'
    watchdog = _watchdog(controller.pid, script, marker)
    try:
        _wait_until(lambda: len(_marked(marker)) >= 2, 60, "the app and its detached shell")
        # the detached shell left the watchdog's session, as an app's setsid child does
        assert any(os.getsid(p.pid) != os.getsid(watchdog.pid) for p in _marked(marker))
        controller.kill()
        controller.wait(timeout=30)
        assert watchdog.wait(timeout=30) == 137
        _wait_until(lambda: not _marked(marker), 30, "every process of the sandbox to end")
    finally:
        controller.kill()
        watchdog.kill()
        kill_and_wait([p.pid for p in _marked(marker)])


def test_the_watchdog_ends_with_the_command_and_keeps_its_status() -> None:
    controller = subprocess.Popen(["sleep", "600"])
    try:
        watchdog = _watchdog(controller.pid, "exit 3", "watchdog-status")
        assert watchdog.wait(timeout=60) == 3
        assert controller.poll() is None  # the controller is untouched
    finally:
        controller.kill()
        controller.wait()


def test_nothing_starts_when_the_controller_is_already_gone() -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    marker = f"watchdog-late-{uuid.uuid4().hex}"
    watchdog = _watchdog(gone.pid, "sleep 600", marker)
    assert watchdog.wait(timeout=60) == 137
    assert not _marked(marker)


def test_a_signal_on_the_command_gives_128_plus_the_signal() -> None:
    controller = subprocess.Popen(["sleep", "600"])
    try:
        watchdog = _watchdog(controller.pid, "kill -TERM $$", "watchdog-signal")
        assert watchdog.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        controller.kill()
        controller.wait()


def test_the_command_gets_default_signal_dispositions() -> None:
    """Python ignores SIGPIPE; the app under the watchdog must not inherit that."""
    controller = subprocess.Popen(["sleep", "600"])
    try:
        out = subprocess.run(
            [sys.executable, "-I", "-S", str(WATCHDOG), str(controller.pid), "--"]
            + ["sh", "-c", "grep SigIgn /proc/self/status"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        ignored = int(out.stdout.split()[1], 16)
        assert not ignored & (1 << (signal.SIGPIPE - 1)), out.stdout
    finally:
        controller.kill()
        controller.wait()

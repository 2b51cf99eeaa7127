"""The device's live app processes: registry files under <home>/proc, checked against /proc."""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

MAIN_CLASS = "com.android.internal.sim.AppMain"


@dataclass(frozen=True)
class SimProcess:
    pid: int
    package: str
    process: str
    control_port: int
    state: str  # paused | starting | running


def _stat_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces or parentheses: the state follows the last ')'.
    return stat[stat.rfind(")") + 2 :].split(" ", 1)[0]


def is_app_process(pid: int) -> bool:
    """Alive (not a zombie) and really one of our JVMs (guards against a reused pid)."""
    state = _stat_state(pid)
    if state is None or state in ("Z", "X"):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return MAIN_CLASS.encode() in cmdline


def gone(pid: int) -> bool:
    state = _stat_state(pid)
    return state is None or state in ("Z", "X")


def live_processes(home: Path, package: str | None = None) -> list[SimProcess]:
    """Registered processes that are still alive; stale entries are removed on the way."""
    folder = home / "proc"
    out: list[SimProcess] = []
    if not folder.is_dir():
        return out
    for file in folder.glob("*.json"):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            proc = SimProcess(
                pid=int(data["pid"]),
                package=str(data["package"]),
                process=str(data["process"]),
                control_port=int(data["control_port"]),
                state=str(data.get("state", "")),
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not is_app_process(proc.pid):
            file.unlink(missing_ok=True)
            continue
        if package is None or proc.package == package:
            out.append(proc)
    out.sort(key=lambda p: (p.process != p.package, p.pid))
    return out


def app_pids_from_proc(home: Path, package: str | None = None) -> list[int]:
    """This device's JVMs for a package (all packages: None), found in /proc even when
    unregistered (mid-boot).

    Other sim homes (other devices, other users' tests) run the same packages: match both.
    """
    needle = b"\0--package\0" + package.encode() + b"\0" if package else b""
    home_arg = b"\0--home\0" + str(home).encode() + b"\0"
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        padded = b"\0" + cmdline + b"\0"
        if (
            MAIN_CLASS.encode() in cmdline
            and needle in padded
            and home_arg in padded
            and not gone(int(entry.name))
        ):
            pids.append(int(entry.name))
    return pids


def kill_and_wait(pids: list[int], timeout: float = 10.0) -> list[int]:
    """SIGKILL, then wait until each is gone (reaped or at least a zombie); returns survivors."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
    deadline = time.monotonic() + timeout
    left = [p for p in pids if not gone(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.01)
        left = [p for p in left if not gone(p)]
    return left

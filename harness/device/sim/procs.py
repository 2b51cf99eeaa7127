"""The device's live app processes: registry files under <home>/proc, checked against the OS."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

MAIN_CLASS = "com.android.internal.sim.AppMain"


@dataclass(frozen=True)
class SimProcess:
    pid: int
    package: str
    process: str
    control_port: int
    state: str  # paused | starting | running


def _cmdline(pid: int) -> list[str] | None:
    """The command line of a live (not zombie) process, None when it is gone."""
    try:
        proc = psutil.Process(pid)
        if proc.status() in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD):
            return None
        return proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def is_jvm(cmdline: list[str]) -> bool:
    """The command line of an app JVM itself (not the sandbox's bwrap around it, whose
    arguments hold the same words)."""
    return bool(cmdline) and MAIN_CLASS in cmdline and Path(cmdline[0]).name.startswith("java")


def is_app_process(pid: int) -> bool:
    """Alive (not a zombie) and really one of our JVMs (guards against a reused pid)."""
    cmdline = _cmdline(pid)
    return cmdline is not None and is_jvm(cmdline)


def gone(pid: int) -> bool:
    """Exited, or a zombie waiting for its parent: either way it runs no more code."""
    try:
        return psutil.Process(pid).status() in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)
    except psutil.NoSuchProcess:
        return True
    except psutil.AccessDenied:
        return False


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


def _flag(cmdline: list[str], name: str) -> str | None:
    try:
        return cmdline[cmdline.index(name) + 1]
    except (ValueError, IndexError):
        return None


def flag(cmdline: list[str], name: str) -> str | None:
    """The value after `name` on a command line."""
    return _flag(cmdline, name)


def descends_from(pid: int, ancestors: set[int]) -> bool:
    """`pid` is one of `ancestors` or runs below one of them (the OS's parent links, not what a
    process says about itself)."""
    try:
        proc: psutil.Process | None = psutil.Process(pid)
        while proc is not None:
            if proc.pid in ancestors:
                return True
            proc = proc.parent()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False
    return False


def app_pids(home: Path, package: str | None = None) -> list[int]:
    """This device's JVMs for a package (all packages: None), found among the OS's processes
    even when unregistered (mid-boot).

    Other sim homes (other devices, other users' tests) run the same packages: match both.
    """
    pids = []
    # Only the command line of every process (a run scans them several times); the state only
    # of the few that match: reading both for all cost ~40 % more of the controller's CPU.
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if (
            is_jvm(cmdline)
            and _flag(cmdline, "--home") == str(home)
            and (package is None or _flag(cmdline, "--package") == package)
            and not gone(proc.pid)
        ):
            pids.append(int(proc.pid))
    return pids


def kill_and_wait(pids: list[int], timeout: float = 10.0) -> list[int]:
    """SIGKILL, then wait until each is gone (reaped or at least a zombie); returns survivors."""
    for pid in pids:
        try:
            psutil.Process(pid).kill()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    deadline = time.monotonic() + timeout
    left = [p for p in pids if not gone(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.01)  # a zombie is not "gone" to psutil.wait_procs: poll its state
        left = [p for p in left if not gone(p)]
    return left

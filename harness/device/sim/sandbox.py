"""The fence around a simulated app's processes (docs/sim-device.md, "The sandbox").

Each launch of an app runs under bubblewrap (`bwrap`, Debian package `bubblewrap`) in its own
mount namespace: the whole file system read-only, only the device's home (the app's data, logs,
process registry) writable, `/tmp` read-only too (the JVM's tmpdir is in the home). So nothing
the app starts, however detached, can write a run folder, a report or the tester's files. The
namespace is also the handle on everything the app started: a child that left the process tree
(setsid, double fork) cannot leave its mount namespace, so `force_stop` kills every process in
it. No pid namespace: Frida and the registry use the host's pids. A per-run device's launches
start under a watchdog inside the sandbox (sandbox_watchdog.py, a child subreaper), which kills
everything the app started, detached children included, when the controller ends (kill -9 too).

Why bubblewrap: it needs neither a separate uid (the harness would have to own the home's files
twice) nor cgroup delegation (not writable in most containers and CI runners); it works as root
and, where user namespaces are allowed, unprivileged. Where it is missing, apps run unfenced and
`sandboxed()` says so.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import lru_cache
from pathlib import Path

import psutil

DISABLE_ENV = "HARNESS_SIM_NO_SANDBOX"  # "1": run apps unfenced (debugging the sim itself)
WATCHDOG = Path(__file__).with_name("sandbox_watchdog.py")


@lru_cache(maxsize=1)
def bwrap() -> str | None:
    """The bubblewrap binary, when installed and not disabled."""
    if os.environ.get(DISABLE_ENV) == "1":
        return None
    return shutil.which("bwrap")


def sandboxed() -> bool:
    return bwrap() is not None


def wrap(command: list[str], *, home: Path, cwd: Path, controller: int | None = None) -> list[str]:
    """`command` run in a fresh mount namespace where only `home` can be written; with
    `controller`, under the watchdog that empties the sandbox when that process ends.

    Unsandboxed, there is no watchdog either: without a namespace to empty, force_stop could
    not end a watchdog that a detached child keeps waiting (the JVM still ends with its
    controller, AppMain.watchController)."""
    binary = bwrap()
    if binary is None:
        return command
    if controller is not None:
        command = [sys.executable, "-I", "-S", str(WATCHDOG), str(controller), "--", *command]
    return [
        binary,
        "--ro-bind",
        "/",
        "/",
        "--dev-bind",
        "/dev",
        "/dev",
        "--proc",
        "/proc",
        "--bind",
        str(home),
        str(home),
        "--chdir",
        str(cwd),
        # no new session here: the launcher's start_new_session already gave it one
        "--",
        *command,
    ]


def mount_namespace(pid: int) -> str | None:
    """The mount namespace of a process ("mnt:[4026532178]"), None when it is gone."""
    try:
        return os.readlink(f"/proc/{pid}/ns/mnt")
    except OSError:
        return None


def processes_in(namespaces: set[str]) -> list[int]:
    """Every live process in one of these mount namespaces (an app's whole sandbox)."""
    if not namespaces:
        return []
    own = mount_namespace(os.getpid())
    found = []
    for pid in psutil.pids():
        ns = mount_namespace(pid)
        if ns is not None and ns != own and ns in namespaces:
            found.append(pid)
    return found

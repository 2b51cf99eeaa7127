"""The first process in a per-run device's app sandbox: everything in it dies with the controller.

Run as `python -I -S sandbox_watchdog.py CONTROLLER_PID -- COMMAND...` (standard library only,
no site: it starts with every app launch, so it must start fast). It makes itself a child
subreaper (`PR_SET_CHILD_SUBREAPER`), so whatever the app starts, however detached (`setsid`, a
double fork), stays its descendant instead of being handed to init; then it runs COMMAND (the
app's JVM) and waits. When the controller ends, `kill -9` included, it kills every descendant
and exits; when the last descendant has ended on its own, it exits with the JVM's status.

Why not a pid namespace (`bwrap --unshare-pid`, whose pid 1 takes the whole namespace down
with it): inside one, the JVM's own pid is not the host's, and the gate's `SO_PEERCRED` check,
the process registry (home/proc/PID.json), Frida and `force_stop` all name processes by host
pid; every one of them would need a translation. Why not `PR_SET_PDEATHSIG` alone (the JVM
already ends with its controller, AppMain.watchController): it reaches a direct child only, and
a detached grandchild never hears of it.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>
POLL_S = 0.2  # how often the controller is looked at without a pidfd (and orphans reaped)
KILL_ROUNDS = 200  # a fork bomb racing the kills ends within this many rounds


def _subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def _descendants(root: int) -> list[int]:
    """Every process below `root`, from /proc (a name in `stat` may hold spaces and parens)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue  # ended meanwhile
        fields = stat.rpartition(b")")[2].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(name))
    found: list[int] = []
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _reap(main: int, status: list[int]) -> bool:
    """Collect every child that ended (orphans come to us); False once none is left."""
    while True:
        try:
            pid, raw = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid == 0:
            return True
        if pid == main:
            code = os.waitstatus_to_exitcode(raw)
            status.append(code if code >= 0 else 128 - code)


def _kill_all(main: int, status: list[int]) -> None:
    me = os.getpid()
    for _ in range(KILL_ROUNDS):
        left = _descendants(me)
        if not left:
            break
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.01)
        _reap(main, status)  # the killed ones' children are ours now: the next round finds them
    while _reap(main, status):
        time.sleep(0.01)


def _gone(controller: int, pidfd: int | None) -> bool:
    """Waits up to POLL_S; True once the controller has ended."""
    if pidfd is not None:
        readable, _, _ = select.select([pidfd], [], [], POLL_S)
        return bool(readable)
    time.sleep(POLL_S)
    try:
        os.kill(controller, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--" or not argv[0].isdigit():
        print("usage: sandbox_watchdog.py CONTROLLER_PID -- COMMAND...", file=sys.stderr)
        return 2
    controller, command = int(argv[0]), argv[2:]
    _subreaper()
    try:
        pidfd: int | None = os.pidfd_open(controller)  # wakes us the moment it ends
    except ProcessLookupError:
        print(f"sim: controller {controller} is gone; not starting", file=sys.stderr)
        return 137
    except OSError:  # an old kernel: look every POLL_S instead
        pidfd = None
    # Python ignores SIGPIPE and SIGXFSZ; the app gets them as any process would
    child = os.posix_spawnp(
        command[0], command, dict(os.environ), setsigdef=(signal.SIGPIPE, signal.SIGXFSZ)
    )
    status: list[int] = []
    while _reap(child, status):
        if _gone(controller, pidfd):
            print(f"sim: controller {controller} is gone; ending the sandbox", file=sys.stderr)
            _kill_all(child, status)
            return 137
    return status[0] if status else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""One user per simulated device home: an exclusive file lock, released by the OS even on kill -9.

The lock file stays; beside it `owner.json` says who holds it, so that a second user is told
"busy, used by pid N since ..." instead of corrupting the first one's processes and registry.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from harness.atomic import write_atomic
from harness.errors import DeviceError

LOCK_NAME = "device.lock"
OWNER_NAME = "device.owner.json"
MAX_OWNER_BYTES = 4096


class DeviceBusy(DeviceError):
    """Another controller holds this simulated device."""


class DeviceLease:
    """Exclusive use of the device state under `home` until `release()` (or process exit)."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._lock = FileLock(home / LOCK_NAME, thread_local=False)

    def acquire(self, wait: float = 0.0) -> DeviceLease:
        """Take the device; DeviceBusy naming the holder when it is still busy after `wait` s."""
        try:
            self._lock.acquire(timeout=wait)
        except Timeout:
            raise DeviceBusy(
                f"simulated device {self.home} is busy: {describe_owner(self.home)}",
                hint="wait for it to finish, or give this run its own device "
                "(`--device sim` runs each get one; `--home DIR` / HARNESS_SIM_HOME for another)",
            ) from None
        owner = {
            "pid": os.getpid(),
            "since": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(sys.argv)[:300],
        }
        write_atomic(self.home / OWNER_NAME, json.dumps(owner))
        return self

    def try_acquire(self) -> bool:
        """Take the device if nobody holds it (used to find abandoned devices)."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            (self.home / OWNER_NAME).unlink(missing_ok=True)
            self._lock.release(force=True)


def describe_owner(home: Path) -> str:
    """'used by pid N (command) since T', from what the holder wrote (it is ours, but bounded)."""
    try:
        raw = (home / OWNER_NAME).read_bytes()[:MAX_OWNER_BYTES]
        owner = json.loads(raw)
        pid, since = int(owner["pid"]), str(owner["since"])[:40]
        command = str(owner.get("command", ""))[:300]
    except (OSError, ValueError, KeyError, TypeError):
        return "used by another process (its owner file is missing or unreadable)"
    what = f" ({command})" if command else ""
    return f"used by pid {pid}{what} since {since}"

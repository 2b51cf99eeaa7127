"""One batch process per folder: an advisory lock that the OS releases even on kill -9."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from harness.errors import ConfigError

LOCK_NAME = "batch.lock"


class BatchLock:
    def __init__(self, rundir: Path) -> None:
        self.path = rundir / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> BatchLock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, the documented one-batch-per-folder rule stands
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ConfigError(
                f"{self.path.parent}: another batch is running in this folder",
                hint="wait for it, or stop it (Ctrl-C) before resuming",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

"""Ctrl-C and SIGTERM during a run: stop the protocol at its next check and still write the report.

Python's default turns SIGINT into a KeyboardInterrupt wherever the main thread happens to be
(so no report, and the device's processes may be left running) and ignores nothing for SIGTERM
(the process dies on the spot). Here both only set the run's cancel event: the protocol notices
it where it watches for its time limit, cleans up the device, writes a partial report with an
`interrupted` problem, and the command exits 128 + the signal's number (130, 143) as shells do.
A second signal gives up waiting (KeyboardInterrupt): the clean-up in `finally` blocks still runs.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Cancel(threading.Event):
    """A run's cancel event that also says why it was set (for the report's problem line)."""

    def __init__(self) -> None:
        super().__init__()
        self.signum: int | None = None

    @property
    def reason(self) -> str:
        if self.signum is None:
            return "the run was cancelled"
        return f"the run was interrupted by {signal.Signals(self.signum).name}"

    @property
    def exit_code(self) -> int:
        """The shell's status for death by this signal (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signum if self.signum is not None else 0


def reason_of(cancel: threading.Event) -> str:
    return cancel.reason if isinstance(cancel, Cancel) else "the run was cancelled"


@contextmanager
def cancel_on_signals() -> Iterator[Cancel]:
    """SIGINT and SIGTERM set the yielded event while the block runs (main thread only)."""
    cancel = Cancel()

    def handle(signum: int, _frame: FrameType | None) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt  # asked twice: stop waiting for the clean stop
        cancel.signum = signum
        cancel.set()

    previous = {sig: signal.signal(sig, handle) for sig in SIGNALS}
    try:
        yield cancel
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

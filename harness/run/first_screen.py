"""An app that never reached its first screen: its main thread still starting when observation
ends (blocked in a static initialiser, a lock, a network wait) and no window of it in front.

Without this the run reads as `completed, no findings`, which says the app behaved when in truth
nothing of it past the block was exercised. The evidence: which processes had not finished
starting, and, where the device can take it (the simulated device: read by its control thread),
the main thread's stack, saved as main-thread.txt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from harness.atomic import write_atomic
from harness.device.base import Device
from harness.errors import HarnessError
from harness.masking import Scrubber

EVIDENCE_FILE = "main-thread.txt"
SHOWN_FRAMES = 3  # in the problem line; the file has them all
JDK_PREFIXES = ("java.", "javax.", "jdk.", "sun.")


def blocked_start(
    dev: Device, package: str, main_pid: int | None, out: Path | None, scrubber: Scrubber
) -> str | None:
    """The problem message when the app's main process never got past starting, else None."""
    try:
        busy = dev.wait_idle(package, 0.5)
        if package not in busy or dev.foreground_package() == package:
            return None
    except HarnessError:
        return None  # the device is gone: the protocol's next call reports that
    message = "the app never reached its first screen: its main thread was still starting "
    message += "when observation ended (main thread blocked); nothing after it was exercised"
    take: Callable[[int], list[str]] | None = getattr(dev, "main_thread_stack", None)
    frames = [scrubber.scrub(f) for f in take(main_pid)] if take and main_pid else []
    if frames:
        # the innermost frames past the JDK's own (Object.wait and kin say little)
        own = [f for f in frames if not f.startswith(JDK_PREFIXES)] or frames
        message += "; main thread at " + " <- ".join(own[:SHOWN_FRAMES])
        if out is not None:
            try:
                write_atomic(out / EVIDENCE_FILE, "\n".join(frames) + "\n")
                message += f" (whole stack: {EVIDENCE_FILE})"
            except OSError:
                pass  # the folder is full: the run's end reports it
    return message

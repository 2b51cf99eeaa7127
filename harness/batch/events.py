"""What the scheduler tells its observers (the progress display, logs, tests)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.batch.model import Job, JobResult


@dataclass(frozen=True)
class DeviceChanged:
    device: str
    state: str  # opening | idle | running | quarantined | stopped | unhealthy
    detail: str = ""


@dataclass(frozen=True)
class JobStarted:
    job: Job
    device: str


@dataclass(frozen=True)
class JobFinished:
    job: Job
    device: str
    result: JobResult
    seconds: float
    retried: bool  # an infrastructure failure that queued another attempt


BatchEvent = DeviceChanged | JobStarted | JobFinished
Listener = Callable[[BatchEvent], None]

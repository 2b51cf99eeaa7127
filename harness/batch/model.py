"""The job/result boundary: a `Job` goes to a device, a `JobResult` comes back.

Both are plain data: `harness.batch.distributed` carries them between hosts as Celery messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from harness.apk.inventory import SdkPresence
from harness.model import Finding


class JobState(str, Enum):
    queued = "queued"
    running = "running"
    done = "done"  # the protocol ran; findings (if any) are recorded
    failed_app = "failed_app"  # the app's own outcome: refused to start, not installable
    failed_infra = "failed_infra"  # the device / agent / harness could not do the run
    timeout = "timeout"  # cut at the per-app time limit

    @property
    def is_result(self) -> bool:
        """States that say something about the app (and end it); infra failures do not."""
        return self in (JobState.done, JobState.failed_app, JobState.timeout)


@dataclass(frozen=True)
class Job:
    id: int
    app: str  # unique key of the app in this batch (also its folder under apps/)
    source: str  # what run_app gets as target: APK, sim-app folder or package name
    attempt: int
    excluded: tuple[str, ...] = ()  # devices on which an earlier attempt failed for infra reasons
    requires: tuple[str, ...] = ()  # device tags a device must have to run it (see routing)


@dataclass
class JobResult:
    state: JobState
    reason: str = ""  # exit reason: error message, problems of a partial run, ...
    package: str = ""
    report_path: str = ""  # report.html relative to the batch folder, when written
    findings: list[Finding] = field(default_factory=list)
    infra_kind: str = ""  # device | agent | install | stuck | internal (failed_infra only)
    counts_against_device: bool = True  # False when the fault is not the device's (e.g. a bad APK)
    sdk_presence: list[SdkPresence] = field(default_factory=list)  # the report's SDK inventory

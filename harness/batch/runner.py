"""The job function of a real batch: one `run_app` call (the same as `harness run`) per job."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from harness.batch.faults import classify_error
from harness.batch.model import Job, JobResult, JobState
from harness.batch.settings import BatchSettings
from harness.device.base import Device
from harness.report.model import RunReport

MAX_REASON = 2000


def app_run_dir(rundir: Path, job: Job) -> Path:
    return rundir / "apps" / job.app / str(job.attempt)


@dataclass(frozen=True)
class RunAppJob:
    rundir: Path
    settings: BatchSettings
    inventory: Path | None = None

    def __call__(self, job: Job, device: Device, cancel: threading.Event) -> JobResult:
        from harness.run.protocol import run_app

        out = app_run_dir(self.rundir, job)
        config = self.settings.run_config(job.source, device.name, out, self.inventory)
        try:
            report = run_app(config, device=device, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - every failure is a recorded outcome
            result = classify_error(exc)
            result.report_path = self._report_path(out)
            return result
        return result_of_report(report, self._report_path(out))

    def _report_path(self, out: Path) -> str:
        html = out / "report.html"
        return html.relative_to(self.rundir).as_posix() if html.is_file() else ""


def result_of_report(report: RunReport, report_path: str) -> JobResult:
    """A run that produced a report is a result, also when partial (e.g. the app crashed or
    quit on seeing instrumentation: that is the app's behaviour, not a harness failure)."""
    reason = "; ".join(f"{p.kind}: {p.message}" for p in report.problems)
    return JobResult(
        JobState.done,
        reason=(f"{report.status}: {reason}" if reason else report.status)[:MAX_REASON],
        package=report.target.package,
        report_path=report_path,
        findings=list(report.findings),
        sdk_presence=list(report.static.sdk_inventory) if report.static else [],
    )

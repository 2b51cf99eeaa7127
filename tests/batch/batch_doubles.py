"""Test doubles for batch tests: a Device double and scripted job functions.

The job doubles stand in for `run_app` (the scheduler/store/summary are ours and run for real);
the Device double stands in for a phone that goes away.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness.batch.model import Job, JobResult, JobState
from harness.device.base import DeviceInfo, InstalledApp
from harness.errors import AppStartError, DeviceLost
from harness.model import Actor, Category, Finding, Rule


def finding(
    sdk: str = "Umeng analytics",
    rule: Rule = Rule.pre_consent,
    data: Category = Category.device_id,
    *,
    kind: str = "sdk",
    package: str = "com.umeng.analytics",
    process: str = "com.example",
    count: int = 1,
) -> Finding:
    return Finding(
        rule=rule,
        data=data,
        api="android.telephony.TelephonyManager.getDeviceId",
        actor=Actor(kind=kind, name=sdk, package=package),  # type: ignore[arg-type]
        process=process,
        count=count,
        first_at="2024-01-01T00:00:00.000+00:00",
        first_offset_s=0.5,
    )


@dataclass
class FakeDevice:
    """A device double; `lost=True` makes every call fail the way a vanished phone does."""

    name: str
    lost: bool = False
    lose_on: str = ""  # becomes lost for good when this method is first called
    closed: int = 0
    calls: list[str] = field(default_factory=list)

    def _touch(self, what: str) -> None:
        self.calls.append(what)
        if what == self.lose_on:
            self.lost = True
        if self.lost:
            raise DeviceLost(f"device {self.name} went away ({what})")

    def health_check(self) -> None:
        self._touch("health_check")

    def info(self) -> DeviceInfo:
        self._touch("info")
        return DeviceInfo(name=self.name, kind="phone")

    def identifiers(self) -> list[str]:
        self._touch("identifiers")
        return []

    def installed_packages(self) -> list[str]:
        self._touch("installed_packages")
        return []

    def install(self, source: str | Path, *, package: str | None = None) -> InstalledApp:
        self._touch("install")
        return InstalledApp(package=str(source))

    def app_info(self, package: str) -> InstalledApp:
        self._touch("app_info")
        return InstalledApp(package=package)

    def force_stop(self, package: str) -> None:
        self._touch("force_stop")

    def clear_data(self, package: str) -> None:
        self._touch("clear_data")

    def close(self) -> None:
        self.closed += 1


def scripted_job(findings: dict[str, list[Finding]] | None = None, delay: float = 0.05):  # type: ignore[no-untyped-def]
    """A job function: source 'hang' waits for cancel, 'stuck' ignores it, 'nostart' raises
    AppStartError, anything else installs on the device (so a lost device fails it) and returns
    the findings listed for its source."""
    findings = findings or {}
    seen: list[tuple[str, str]] = []
    lock = threading.Lock()

    def job(job: Job, device: FakeDevice, cancel: threading.Event) -> JobResult:  # type: ignore[override]
        with lock:
            seen.append((job.app, device.name))
        if job.source == "hang":
            cancel.wait()
            return JobResult(JobState.done, package="hang", findings=[finding()])
        if job.source == "stuck":
            time.sleep(3)
            return JobResult(JobState.done)
        if job.source == "nostart":
            raise AppStartError("no launcher activity")
        device.install(job.source)
        if cancel.wait(delay):
            return JobResult(JobState.done, reason="cancelled")
        return JobResult(
            JobState.done, package=job.source, findings=list(findings.get(job.source, []))
        )

    job.seen = seen  # type: ignore[attr-defined]
    return job

import threading
from pathlib import Path

from batch_doubles import FakeDevice, finding

from harness.batch.model import Job, JobState
from harness.batch.runner import RunAppJob, result_of_report
from harness.batch.settings import BatchSettings
from harness.report.model import (
    ConsentOutcome,
    DeviceSummary,
    RunProblem,
    RunReport,
    TargetInfo,
)
from harness.run.config import RunConfig


def test_a_partial_report_is_an_app_result_with_its_findings() -> None:
    report = RunReport(
        tool_version="0",
        status="partial",
        target=TargetInfo(package="com.quits"),
        device=DeviceSummary(name="sim-1", kind="sim"),
        settings=RunConfig(target="x", out=Path("o")).model_dump(mode="json"),
        started_at="",
        ended_at="",
        consent=ConsentOutcome(mode="accept"),
        findings=[finding()],
        problems=[RunProblem(kind="app_crashed", message="process com.quits ended: terminated")],
    )
    result = result_of_report(report, "apps/com.quits/1/report.html")
    assert result.state is JobState.done
    assert result.reason.startswith("partial: app_crashed: process com.quits ended")
    assert result.package == "com.quits" and len(result.findings) == 1


def test_run_app_on_a_vanished_device_is_an_infrastructure_failure(tmp_path: Path) -> None:
    job_fn = RunAppJob(rundir=tmp_path, settings=BatchSettings(window=0, background_window=0))
    device = FakeDevice("phone", lost=True)
    result = job_fn(Job(1, "com.a", "com.a", 1), device, threading.Event())  # type: ignore[arg-type]
    assert result.state is JobState.failed_infra and result.infra_kind == "device"
    assert result.counts_against_device
    assert device.calls  # run_app really talked to the device

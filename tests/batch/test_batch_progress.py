import io

from batch_doubles import finding
from rich.console import Console

from harness.batch.events import DeviceChanged, JobFinished, JobStarted
from harness.batch.model import Job, JobResult, JobState
from harness.batch.progress import BatchProgress
from harness.model import Rule


def test_plain_log_has_one_safe_line_per_finished_app() -> None:
    out = io.StringIO()
    progress = BatchProgress(3, {"done": 1}, ["sim-1"], live=False, stream=out)
    job = Job(2, "com.ad", "src", 1)
    progress(JobStarted(job, "sim-1"))
    result = JobResult(JobState.done, findings=[finding(), finding(rule=Rule.background)])
    progress(JobFinished(job, "sim-1", result, 12.34, retried=False))
    evil = Job(3, "com.x", "src", 1)
    failed = JobResult(JobState.failed_app, reason="boom\n\x1b[31mred")
    progress(JobFinished(evil, "sim-1", failed, 1.0, retried=False))
    progress(DeviceChanged("sim-1", "quarantined", "3 failures"))
    lines = out.getvalue().splitlines()
    assert lines[0] == "[2/3] com.ad on sim-1: done: 1 background, 1 pre_consent (12.3 s)"
    assert lines[1] == "[3/3] com.x on sim-1: failed_app: boom \\x1b[31mred (1.0 s)"
    assert "\x1b" not in out.getvalue()
    assert lines[2] == "device sim-1: quarantined: 3 failures"


def test_live_panel_shows_counts_devices_and_eta() -> None:
    progress = BatchProgress(4, {}, ["sim-1", "sim-2"], live=False, stream=io.StringIO())
    job = Job(1, "com.ad", "src", 1)
    progress(JobStarted(job, "sim-1"))
    progress(JobFinished(job, "sim-1", JobResult(JobState.done), 10.0, retried=False))
    progress(JobStarted(Job(2, "com.b", "src", 1), "sim-2"))
    assert progress.eta_seconds() == 3 * 10.0 / 2
    console = Console(file=io.StringIO(), width=120)
    console.print(progress._render())
    text = console.file.getvalue()
    assert "1/4 apps" in text and "com.b" in text and "ETA 0:15" in text

"""The summary's reads are separate snapshots of a store a batch may still be writing: a job
finished between the read of the jobs and that of the finding groups is still named in its
groups (its app and report). (Hosts are looked up per group, `SummaryQuery._hosts`, so a
group only one read saw cannot put two merged streams out of step.)"""

from __future__ import annotations

from pathlib import Path

from batch_doubles import finding

from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.summary.query import SummaryQuery
from harness.batch.targets import Target


def _finish(store: Store, app: str) -> None:
    job = store.claim("d1", {"d1"})
    assert job is not None and job.app == app
    found = [finding("S")]
    report = f"apps/{app}/1/report.html"
    result = JobResult(JobState.done, package=app, report_path=report, findings=found)
    store.finish(job, "d1", result, retries=0)


def test_a_job_finished_between_the_reads_is_in_its_groups(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    store.add_targets(Target(a, a, "package") for a in ("com.a", "com.b"))
    _finish(store, "com.a")
    query = SummaryQuery(store)
    jobs = query._read_jobs()  # noqa: SLF001 - the jobs as read before the second result
    assert set(jobs) == {"1"}
    _finish(store, "com.b")
    (row,), totals = query._read_grouped(jobs)  # noqa: SLF001
    assert row.apps == 2
    assert row.examples == [
        ("com.a", "apps/com.a/1/report.html"),
        ("com.b", "apps/com.b/1/report.html"),
    ]
    assert totals.apps_with_findings == 2 and totals.findings == 2
    store.close()

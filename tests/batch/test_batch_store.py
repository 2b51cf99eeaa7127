from pathlib import Path

from batch_doubles import finding

from harness.batch.model import JobResult, JobState
from harness.batch.store import Finish, Store
from harness.batch.targets import Target


def _store(tmp_path: Path, *apps: str) -> Store:
    store = Store.in_folder(tmp_path)
    store.add_targets(Target(a, a, "package") for a in apps)
    return store


def _count(store: Store, sql: str) -> int:
    return int(store.query(sql)[0][0])


def test_store_uses_wal_and_adding_targets_twice_queues_once(tmp_path: Path) -> None:
    store = _store(tmp_path, "com.a", "com.b")
    assert store.add_targets([Target("com.a", "com.a", "package")]) == 0
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    assert store.app_states() == {"queued": 2}


def test_findings_are_recorded_with_the_result_and_a_second_finish_is_ignored(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path, "com.a")
    job = store.claim("d1", {"d1"})
    assert job is not None and job.attempt == 1
    result = JobResult(JobState.done, findings=[finding(), finding(process="com.a:push")])
    assert store.finish(job, "d1", result, retries=1) is Finish.final
    assert store.finish(job, "d1", result, retries=1) is Finish.ignored
    assert _count(store, "SELECT COUNT(*) FROM findings") == 2
    assert store.app_states() == {"done": 1}


def test_infra_failure_is_requeued_away_from_the_failing_device_until_retries_run_out(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path, "com.a")
    lost = JobResult(JobState.failed_infra, reason="lost", infra_kind="device")
    job = store.claim("d1", {"d1", "d2"})
    assert job is not None
    assert store.finish(job, "d1", lost, retries=1) is Finish.requeued
    # d1 may not take the retry while d2 is healthy
    assert store.claim("d1", {"d1", "d2"}) is None
    retry = store.claim("d2", {"d1", "d2"})
    assert retry is not None and retry.attempt == 2 and retry.excluded == ("d1",)
    assert store.finish(retry, "d2", lost, retries=1) is Finish.final
    assert store.app_states() == {"failed_infra": 1}
    assert store.pending() == 0


def test_a_retry_excluded_everywhere_may_run_on_any_healthy_device(tmp_path: Path) -> None:
    store = _store(tmp_path, "com.a")
    job = store.claim("d1", {"d1"})
    assert job is not None
    store.finish(job, "d1", JobResult(JobState.failed_infra, infra_kind="agent"), retries=3)
    again = store.claim("d1", {"d1"})
    assert again is not None and again.attempt == 2


def test_recover_requeues_running_jobs_without_using_up_retries(tmp_path: Path) -> None:
    store = _store(tmp_path, "com.a", "com.b")
    job = store.claim("d1", {"d1"})
    assert job is not None
    assert store.recover() == 1
    # the dead batch's late finish must not land
    assert (
        store.finish(job, "d1", JobResult(JobState.done, findings=[finding()]), retries=0)
        is Finish.ignored
    )
    assert _count(store, "SELECT COUNT(*) FROM findings") == 0
    claimed = [store.claim("d1", {"d1"}), store.claim("d1", {"d1"})]
    assert sorted((j.app, j.attempt) for j in claimed if j) == [("com.a", 2), ("com.b", 1)]
    again = next(j for j in claimed if j and j.app == "com.a")
    lost = JobResult(JobState.failed_infra, infra_kind="device")
    # retries=1: the interrupted attempt did not count, so this failure is retried
    assert store.finish(again, "d1", lost, retries=1) is Finish.requeued

"""The store's sdk_presence table and the summary's per-SDK question: embedded in how many apps,
collecting before consent in how many."""

from pathlib import Path

from batch_doubles import finding

from harness.apk.inventory import SdkPresence
from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.summary.query import SummaryQuery
from harness.batch.targets import Target
from harness.model import Rule


def _presence(sdk: str, status: str, embedded: bool = True, calls: int = 0) -> SdkPresence:
    return SdkPresence(sdk=sdk, status=status, embedded=embedded, calls=calls)  # type: ignore[arg-type]


def test_per_sdk_embedding_and_before_consent(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    store.add_targets(Target(a, a, "package") for a in ("a", "b", "c", "lost"))
    results = {
        "a": JobResult(
            JobState.done,
            findings=[finding("JPush"), finding("JPush", Rule.background)],
            sdk_presence=[_presence("JPush", "collected", calls=3), _presence("Bugly", "silent")],
        ),
        "b": JobResult(JobState.done, sdk_presence=[_presence("JPush", "silent")]),
        "c": JobResult(
            JobState.done,
            findings=[finding("Loader SDK")],
            sdk_presence=[_presence("Loader SDK", "not_in_static", embedded=False, calls=1)],
        ),
        # an infrastructure failure says nothing about the app: not counted
        "lost": JobResult(JobState.failed_infra, sdk_presence=[_presence("JPush", "collected")]),
    }
    while (job := store.claim("d1", {"d1"})) is not None:
        store.finish(job, "d1", results[job.app], retries=0)
    rows = {r["sdk"]: r for r in SummaryQuery(store).sdk_inventory()}
    got = {
        k: (
            r["apps_embedding"],
            r["apps_before_consent"],
            r["apps_silent"],
            r["apps_not_in_static"],
        )
        for k, r in rows.items()
    }
    assert got == {"JPush": (2, 1, 1, 0), "Bugly": (1, 0, 1, 0), "Loader SDK": (0, 1, 0, 1)}
    assert list(rows)[0] in ("JPush", "Loader SDK")  # ordered by apps before consent
    assert store.query("SELECT COUNT(*) FROM sdk_presence")[0][0] == 4  # none for "lost"

"""The dashboard's queries against stores the batch's own writer made: an app counts once, by
its latest attempt, however often it was retried; the refreshed answers follow the store."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from harness.batch.db import store_url
from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.targets import Target
from harness.serve import queries
from harness.serve.cache import Refreshed
from harness.serve.source import ReadOnlyStore

from .stores import finding, small_store


def test_a_retried_app_counts_once_by_its_latest_attempt(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    store.add_targets(Target(k, k, "package") for k in ("com.a", "com.b"))
    job = store.claim("d1", {"d1", "d2"})
    assert job is not None and job.app == "com.a"
    store.finish(job, "d1", JobResult(JobState.failed_infra, infra_kind="device"), retries=1)
    reader = ReadOnlyStore(store_url(tmp_path / "harness.db"))
    try:
        o = queries.overview(reader)
        assert o.apps == 2 and o.states.queued == 2 and o.states.failed == 0
        assert o.states.by_state == {"queued": 2}
        other = store.claim("d2", {"d1", "d2"})
        assert other is not None and other.app == "com.b"
        retry = store.claim("d2", {"d1", "d2"})
        assert retry is not None and retry.app == "com.a" and retry.attempt == 2
        o = queries.overview(reader)
        assert o.states.by_state == {"running": 2}
        assert [d.running_app for d in o.devices] == []  # no devices table rows were written
        store.finish(retry, "d2", JobResult(JobState.done, findings=[finding("Umeng")]), retries=1)
        o = queries.overview(reader)
        assert o.states.by_state == {"done": 1, "running": 1}
        page = queries.apps(reader, state="done")
        assert [(a.app, a.attempt, a.sdks) for a in page.apps] == [("com.a", 2, ["Umeng"])]
        detail = queries.app_detail(reader, "com.a")
        assert detail is not None
        assert [t.state for t in detail.attempts] == ["failed_infra", "done"]
        assert queries.infra(reader).by_kind == {"device": 1}
    finally:
        reader.close()
        store.close()


def test_a_refreshed_answer_is_recomputed_behind_the_requests() -> None:
    calls: list[float] = []

    def compute() -> int:
        calls.append(time.monotonic())
        return len(calls)

    value = Refreshed(compute, every_s=0.2)
    assert value.get() == 1 and value.get() == 1  # computed once
    time.sleep(0.3)
    assert value.get() == 1  # stale: served as it is while a thread recomputes
    deadline = time.monotonic() + 30
    while value.get() != 2:
        assert time.monotonic() < deadline, "never refreshed"
        time.sleep(0.05)
    assert len(calls) == 2


def test_a_refresh_of_an_unchanged_store_keeps_the_value(tmp_path: Path) -> None:
    small_store(tmp_path)
    reader = ReadOnlyStore(store_url(tmp_path / "harness.db"))
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    value = Refreshed(compute, every_s=0.05, version=lambda: queries.store_version(reader))
    try:
        assert value.get() == 1
        for _ in range(5):  # stale each time: a refresh runs, finds the same version, keeps it
            time.sleep(0.1)
            value.get()
        deadline = time.monotonic() + 30
        while value._refreshing:  # noqa: SLF001 - the last refresh has ended
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert computed == [1]
        writer = Store.in_folder(tmp_path)
        writer.add_targets([Target("com.new", "com.new", "package")])  # the store changed
        writer.close()
        time.sleep(0.1)
        value.get()
        while value.get() != 2:
            assert time.monotonic() < deadline, "the changed store was never recounted"
            time.sleep(0.05)
    finally:
        reader.close()


def test_a_first_computation_is_waited_for_a_bounded_time() -> None:
    release = threading.Event()

    def compute() -> str:
        assert release.wait(60)
        return "counted"

    value = Refreshed(compute, every_s=60)
    t0 = time.monotonic()
    assert value.peek(0.2) is None  # still computing: the caller is told so, not held
    assert 0.15 < time.monotonic() - t0 < 10
    release.set()
    assert value.peek(30) == "counted"  # the computation peek started has ended
    assert value.get() == "counted"


def test_both_plans_of_a_findings_filter_give_the_same_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_store(tmp_path)
    reader = ReadOnlyStore(store_url(tmp_path / "harness.db"))

    def pages(**filters: str) -> list[str]:
        keys: list[str] = []
        after = ""
        while True:
            page = queries.apps(reader, after=after, limit=4, **filters)
            keys += [a.app for a in page.apps]
            if page.next is None:
                return keys
            after = page.next

    try:
        cases = [{"sdk": "Bugly"}, {"rule": "background"}, {"data": "device_id", "sdk": "Umeng"}]
        sorted_matches = [pages(**c) for c in cases]  # few findings: the id list is sorted
        monkeypatch.setattr(queries, "FEW_MATCHES", 2)  # many: the apps are walked in order
        assert [pages(**c) for c in cases] == sorted_matches
        assert [len(k) for k in sorted_matches] == [20, 15, 11]
    finally:
        reader.close()

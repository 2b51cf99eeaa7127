"""The one schema and the exactly-once rule, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "batch"))

from batch_doubles import finding  # noqa: E402

from harness.batch.model import JobResult, JobState  # noqa: E402
from harness.batch.schema import STORE_SCHEMA  # noqa: E402
from harness.batch.store import Finish, Store  # noqa: E402
from harness.batch.targets import Target  # noqa: E402
from harness.errors import ConfigError  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "harness.db")
    return str(request.getfixturevalue("pg_url"))


def _targets(*apps: str) -> list[Target]:
    return [Target(a, a, "package") for a in apps]


def test_same_schema_insert_or_ignore_and_one_result_per_attempt(url: str) -> None:
    store = Store(url)
    assert store.add_targets(_targets("com.a", "com.b")) == 2
    assert store.add_targets(_targets("com.a", "com.c")) == 1  # com.a is not queued twice
    assert store.get_meta("schema") == STORE_SCHEMA
    job = store.claim("h1/d1", {"h1/d1"})
    assert job is not None
    done = JobResult(JobState.done, findings=[finding(), finding(process="com.a:push")])
    assert store.finish(job, "h1/d1", done, retries=1) is Finish.final
    assert store.finish(job, "h1/d1", done, retries=1) is Finish.ignored
    assert store.query("SELECT COUNT(*) FROM findings")[0][0] == 2
    assert store.app_states() == {"done": 1, "queued": 2}
    store.close()
    reopened = Store(url)  # create_all on an existing store changes nothing
    assert reopened.app_states() == {"done": 1, "queued": 2}
    reopened.close()


def test_concurrent_claims_from_many_hosts_take_each_job_once(url: str) -> None:
    apps = [f"com.app{i}" for i in range(40)]
    first = Store(url)
    first.add_targets(_targets(*apps))
    handles = [Store(url) for _ in range(4)]  # one engine each, as separate hosts would have
    taken: list[tuple[str, str]] = []
    lock = threading.Lock()

    def host(i: int) -> None:
        name = f"h{i}/d"
        while (job := handles[i].claim(name, {name})) is not None:
            handles[i].finish(job, name, JobResult(JobState.done), retries=0)
            with lock:
                taken.append((job.app, name))

    threads = [threading.Thread(target=host, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(a for a, _ in taken) == sorted(apps)
    assert first.app_states() == {"done": 40}
    for h in [first, *handles]:
        h.close()


def test_a_redelivered_job_is_taken_over_only_when_its_holder_is_dead(url: str) -> None:
    store = Store(url)
    store.add_targets(_targets("com.a"))
    (queued,) = store.jobs_in(JobState.queued)
    job = store.take(queued.id, "h1/d1", lambda _name: True)
    assert job is not None and job.id == queued.id
    # a duplicate delivery while h1/d1 still runs it: dropped
    assert store.take(queued.id, "h2/d1", lambda name: name == "h1/d1") is None
    # h1 died: the redelivery interrupts its attempt and starts a new one
    again = store.take(queued.id, "h2/d1", lambda _name: False)
    assert again is not None and again.attempt == 2
    # the dead holder's late result is ignored, the new one counts
    late = JobResult(JobState.done, findings=[finding()])
    assert store.finish(job, "h1/d1", late, retries=0) is Finish.ignored
    assert store.finish(again, "h2/d1", late, retries=0) is Finish.final
    assert store.take(again.id, "h3/d1", lambda _name: False) is None  # finished: a duplicate
    states = store.query("SELECT attempt, state, infra_kind FROM jobs ORDER BY attempt")
    assert [tuple(r) for r in states] == [(1, "failed_infra", "interrupted"), (2, "done", "")]
    assert store.query("SELECT COUNT(*) FROM findings")[0][0] == 1
    store.close()


def test_recover_of_dead_devices_leaves_live_runs_alone(url: str) -> None:
    store = Store(url)
    store.add_targets(_targets("com.a", "com.b"))
    a = store.claim("h1/d1", {"h1/d1"})
    b = store.claim("h2/d1", {"h2/d1"})
    assert a is not None and b is not None
    assert store.recover(devices_gone=["h1/d1"]) == 1
    assert store.finish(b, "h2/d1", JobResult(JobState.done), retries=0) is Finish.final
    assert store.finish(a, "h1/d1", JobResult(JobState.done), retries=0) is Finish.ignored
    assert store.app_states() == {"done": 1, "queued": 1}
    store.close()


def test_streamed_reads_name_their_columns_and_leave_the_connection_as_it_was(url: str) -> None:
    """`Store.rows`: column names even for no row, rows in order with their types (binary
    results on PostgreSQL), a read left half-way does not break the next one, and its
    transaction's settings (`STREAM_SETTINGS`) do not outlive it on the pooled connection."""
    store = Store(url)
    store.add_targets(_targets(*(f"com.app{n:04d}" for n in range(2500))))  # > STREAM_ROWS
    names: list[str] = []
    assert list(store.rows("SELECT id, app FROM jobs WHERE app = 'none'", None, names)) == []
    assert names == ["id", "app"]
    names = []
    rows = list(store.rows("SELECT id, app, attempt FROM jobs ORDER BY app", None, names))
    assert names == ["id", "app", "attempt"] and len(rows) == 2500
    assert rows[0][1:] == ("com.app0000", 1) and rows[-1][1] == "com.app2499"
    assert all(isinstance(r[0], int) for r in rows)
    part = store.rows("SELECT app FROM jobs ORDER BY app")
    assert next(part) == ("com.app0000",)
    part.close()  # the consumer stopped early (the page's first infrastructure failures)
    assert next(store.rows("SELECT COUNT(*) FROM jobs")) == (2500,)
    if not store.is_sqlite:
        default = store.query("SHOW jit")[0][0]  # "on" on a server as initdb leaves it
        assert list(store.rows("SELECT current_setting('jit')")) == [("off",)]
        assert store.query("SHOW jit")[0][0] == default
    store.close()


def test_streamed_reads_without_chunked_mode_use_a_named_cursor(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A libpq older than 17 (no chunked rows mode): the same rows, from a named cursor."""
    import psycopg

    store = Store(pg_url)
    store.add_targets(_targets(*(f"com.app{n:04d}" for n in range(2500))))
    chunked = list(store.rows("SELECT id, app FROM jobs ORDER BY app"))
    monkeypatch.setattr(psycopg.capabilities, "has_stream_chunked", lambda: False)
    names: list[str] = []
    assert list(store.rows("SELECT id, app FROM jobs ORDER BY app", None, names)) == chunked
    assert names == ["id", "app"] and len(chunked) == 2500
    store.close()


def test_a_bad_store_url_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unsupported database 'mysql'"):
        Store("mysql://x@localhost/db")
    with pytest.raises(ConfigError, match="not a usable batch store"):
        Store("postgresql://nobody@127.0.0.1:1/none")


def test_the_summary_is_the_same_on_both_databases(pg_url: str, tmp_path: Path) -> None:
    import json

    from harness.batch.campaign import Campaign, write_campaign
    from harness.batch.summary import write_summary
    from harness.model import Category, Rule

    summaries = []
    for name, spec in (("sqlite", str(tmp_path / "s" / "harness.db")), ("pg", pg_url)):
        rundir = tmp_path / name
        rundir.mkdir()
        if name == "pg":
            write_campaign(rundir, Campaign(store=spec))
        else:
            rundir = Path(spec).parent
            rundir.mkdir(exist_ok=True)
        store = Store(spec)
        store.add_targets(_targets("com.b", "com.a", "com.c", "com.d"))
        results = {
            "com.a": JobResult(
                JobState.done, findings=[finding(), finding(sdk="Zeta", data=Category.location)]
            ),
            "com.b": JobResult(JobState.done, findings=[finding(rule=Rule.background)]),
            "com.c": JobResult(JobState.failed_app, reason="app did not start"),
            "com.d": JobResult(JobState.failed_infra, reason="lost", infra_kind="device"),
        }
        while (job := store.claim("h/d", {"h/d"})) is not None:
            store.finish(job, "h/d", results[job.app], retries=0)
        store.close()
        write_summary(rundir, ("json", "html", "xlsx"))
        data = json.loads((rundir / "summary.json").read_text(encoding="utf-8"))
        for volatile in ("store", "generated_at", "devices"):
            data["overview"].pop(volatile)
        for app in data["apps"]:
            app.pop("started_at"), app.pop("ended_at"), app.pop("id")
        for failure in data["infra_failures"]:
            failure.pop("ended_at")
        summaries.append(data)
    assert summaries[0] == summaries[1]
    assert (
        summaries[0]["overview"]["apps"] == 4
        and summaries[0]["sdk_top"][0]["sdk"] == "Umeng analytics"
    )


def test_a_schema_2_store_is_migrated_to_the_summary_indices(url: str) -> None:
    from sqlalchemy import inspect

    from harness.batch import schema
    from harness.batch.summary.query import SummaryQuery

    store = Store(url)
    store.add_targets(_targets("com.a"))
    job = store.claim("h/d", {"h/d"})
    assert job is not None
    store.finish(job, "h/d", JobResult(JobState.done, findings=[finding()]), retries=0)
    with store._engine.begin() as db:  # noqa: SLF001 - turn it back into a schema-2 store
        for name in schema.ADDED_IN_3:
            db.exec_driver_sql(f"DROP INDEX {name}")
        db.exec_driver_sql(
            "CREATE INDEX findings_actor ON findings (actor_kind, actor_name, rule, data, app)"
        )
    store.set_meta("schema", 2)
    store.close()

    migrated = Store(url)
    inspector = inspect(migrated._engine)  # noqa: SLF001
    names = {i["name"] for t in ("findings", "sdk_presence") for i in inspector.get_indexes(t)}
    assert migrated.get_meta("schema") == STORE_SCHEMA == 3
    assert set(schema.ADDED_IN_3) <= names and "findings_actor" not in names
    assert [r.apps for r in SummaryQuery(migrated).sdk_rows()] == [1]
    migrated.close()

"""The batch store: every job attempt and every finding, in SQLite (default) or PostgreSQL.

It is the only state the workers share, on one host or many. Each change is one transaction, so
a crash, Ctrl-C or kill -9 loses at most the runs that were in flight, and those are run again:

* `claim` moves one queued job to running on a device (`take` does it for a job a broker
  delivered: that exact attempt, or, when its previous holder died, a new attempt of it);
* `finish` records a job's outcome and, in the same transaction, its findings (so they are
  counted exactly once) and the follow-up attempt of a retried infrastructure failure;
* `recover` turns jobs left running by a dead batch (or a dead worker) into retried attempts.

A job only leaves `running` through `finish` or `recover`, and `finish` only accepts a job that
is still running on the device that claimed it: an app never has two results. The tables are
declared once in `harness.batch.schema`; the statements here are SQLAlchemy Core, the same for
both databases (insert-or-ignore and upserts through each dialect's ON CONFLICT).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Executable, and_, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from harness.batch import schema, static_store
from harness.batch.db import (
    READ_ONLY,
    SQLITE_TIMEOUT_S,
    Record,
    make_engine,
    shown,
    store_url,
)
from harness.batch.model import Job, JobResult, JobState
from harness.batch.schema import STORE_SCHEMA, devices, findings, jobs, meta
from harness.batch.targets import Target
from harness.errors import ConfigError
from harness.model import SentFinding

STORE_NAME = "harness.db"
CLAIM_WINDOW = 64  # queued jobs looked at per claim (skipping those excluded on this device)
INTERRUPTED = "interrupted"
RESULT_STATES = tuple(s.value for s in JobState if s.is_result)
STREAM_ROWS = 2000  # rows fetched at a time by a streamed read
# Set for the transaction of each streamed read on PostgreSQL (`Store.rows`, the summary's long
# reads; SET LOCAL: the pooled connection is back to the server's settings after it). The
# planner misestimates the per-app counts joined to the apps (30 million rows for 100,000) and
# JIT-compiles them: 0.1-0.2 s of the server's CPU per such read, which takes 0.25 s without.
# More work_mem (64 MB) was tried too: it saves the grouped read's spill to disk but makes the
# planner hash the latest attempts instead of reading jobs_app in order, 0.27 -> 0.45 s.
STREAM_SETTINGS = ("SET LOCAL jit = off",)


class Finish(str, Enum):
    ignored = "ignored"  # the job was not running on that device (already finished/recovered)
    final = "final"  # the app is finished
    requeued = "requeued"  # an infrastructure failure; another attempt is queued


def _lines(value: str) -> tuple[str, ...]:
    return tuple(sorted(filter(None, value.split("\n"))))


def _job(row: Any) -> Job:
    return Job(row.id, row.app, row.source, row.attempt, _lines(row.excluded), _lines(row.requires))


def _job_of(r: Record) -> Job:
    return Job(
        r["id"], r["app"], r["source"], r["attempt"], _lines(r["excluded"]), _lines(r["requires"])
    )


class Store:
    """A handle on one batch store; safe to share between the threads of one process."""

    def __init__(self, spec: str | Path | URL) -> None:
        self.url = spec if isinstance(spec, URL) else store_url(spec)
        self.location = shown(self.url)
        self.path = Path(self.url.database or "") if self.is_sqlite else None
        self._lock = threading.RLock()  # one writer per process at a time (SQLite would queue)
        self._engine = make_engine(self.url)
        try:
            schema.METADATA.create_all(self._engine)
            version = self.get_meta("schema")
        except SQLAlchemyError as exc:
            self._engine.dispose()
            raise ConfigError(f"{self.location}: not a usable batch store: {_short(exc)}") from None
        if version is None:
            self.set_meta("schema", STORE_SCHEMA)
            return
        if version == 1 and self.is_sqlite:
            self._migrate_from_1()
            version = 2
        if version == 2:
            self._migrate_from_2()
        elif version != STORE_SCHEMA:
            self._engine.dispose()
            raise ConfigError(
                f"{self.location}: batch store schema {version} is not supported "
                f"(expected {STORE_SCHEMA})"
            )

    def _migrate_from_1(self) -> None:
        # schema 1 (SQLite only) lacked the two columns of the multi-host campaign
        with self._write() as db:
            db.exec_driver_sql("ALTER TABLE jobs ADD COLUMN requires TEXT NOT NULL DEFAULT ''")
            db.exec_driver_sql("ALTER TABLE jobs ADD COLUMN published_at REAL")
            db.exec_driver_sql("CREATE INDEX IF NOT EXISTS jobs_app ON jobs (app, id)")
            have = {row[1] for row in db.exec_driver_sql("PRAGMA table_info(findings)")}
            if "host" not in have:  # sent_* findings' host (stores made before issue #11)
                db.exec_driver_sql("ALTER TABLE findings ADD COLUMN host TEXT NOT NULL DEFAULT ''")
        self.set_meta("schema", 2)

    def _migrate_from_2(self) -> None:
        # schema 3 only adds the summary's indices (same tables and columns): one transaction
        with self._write() as db:
            if not self.is_sqlite:  # hosts opening the store at once migrate one at a time
                db.exec_driver_sql("LOCK TABLE meta IN EXCLUSIVE MODE")
            for name in schema.DROPPED_IN_3:
                db.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
            for index in (*schema.findings.indexes, *schema.sdk_presence.indexes):
                if index.name in schema.ADDED_IN_3:
                    index.create(db, checkfirst=True)
            if not self.is_sqlite:
                db.exec_driver_sql("ANALYZE findings")
                db.exec_driver_sql("ANALYZE sdk_presence")
        self.set_meta("schema", STORE_SCHEMA)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @classmethod
    def in_folder(cls, rundir: Path) -> Store:
        rundir.mkdir(parents=True, exist_ok=True)
        return cls(rundir / STORE_NAME)

    @classmethod
    def open_existing(cls, rundir: Path) -> Store:
        path = rundir / STORE_NAME
        if not path.is_file():
            raise ConfigError(f"{rundir}: no batch store here (expected {STORE_NAME})")
        return cls(path)

    def close(self) -> None:
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite: concurrent writers queue)."""
        with self._lock, self._engine.begin() as conn:
            yield conn

    def query(self, sql: str | Executable, params: Mapping[str, Any] | None = None) -> list[Record]:
        """All rows of a query (text SQL with :name parameters, or a Core statement)."""
        statement = text(sql) if isinstance(sql, str) else sql
        with self._engine.connect() as conn:
            conn = conn.execution_options(**{READ_ONLY: True})
            return [Record(row) for row in conn.execute(statement, dict(params or {}))]

    def iterate(
        self, sql: str | Executable, params: Mapping[str, Any] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stream the rows of a read-only query, each a dict by column name, on a connection of
        its own (no write lock held; on PostgreSQL a chunked stream for text SQL, see `rows`,
        and a server-side cursor for a Core statement).

        On SQLite, text SQL goes straight to a read-only sqlite3 connection, rows as plain
        tuples zipped with the column names: the summary streams hundreds of thousands of rows,
        and SQLAlchemy's row objects (or sqlite3.Row) doubled its time."""
        if isinstance(sql, str):
            names: list[str] = []
            for row in self.rows(sql, params, names):
                yield dict(zip(names, row, strict=True))
            return
        with self._engine.connect() as conn:
            conn = conn.execution_options(
                **{READ_ONLY: True}, stream_results=True, yield_per=STREAM_ROWS
            )
            for row in conn.execute(sql, dict(params or {})):
                yield dict(row._mapping)

    def rows(
        self, sql: str, params: Mapping[str, Any] | None = None, names: list[str] | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the rows of a read-only text query as plain tuples (the summary's writers
        take columns by position: no dict per row); `names`, if given, is filled with the
        column names before the first row."""
        if self.is_sqlite and self.path is not None:
            yield from self._rows_sqlite(sql, params or {}, names)
        else:
            yield from self._rows_postgresql(sql, params or {}, names)

    def _rows_sqlite(
        self, sql: str, params: Mapping[str, Any], names: list[str] | None
    ) -> Iterator[tuple[Any, ...]]:
        assert self.path is not None
        uri = self.path.resolve().as_uri() + "?mode=ro"  # quotes spaces, '?', '#'
        db = sqlite3.connect(uri, uri=True, timeout=SQLITE_TIMEOUT_S)
        try:
            db.execute("PRAGMA temp_store=MEMORY")  # the summary's sorts: tens of MB, no files
            # no mmap_size or larger cache_size: about 10% off the queries' CPU, but mapped
            # pages count in the summary's RSS (656 MB peak at 100,000 apps, target 500 MB)
            cur = db.execute(sql, dict(params))  # sqlite3 takes :name parameters as well
            if names is not None:
                names[:] = [d[0] for d in cur.description]
            while batch := cur.fetchmany(STREAM_ROWS):
                yield from batch
        finally:
            db.close()

    def _rows_postgresql(
        self, sql: str, params: Mapping[str, Any], names: list[str] | None
    ) -> Iterator[tuple[Any, ...]]:
        """psycopg's chunked stream (`Cursor.stream` with a size: libpq 17's chunked rows mode,
        one query, STREAM_ROWS rows per result; memory stays flat), results in binary. A named
        (server-side) cursor FETCHed 2000 rows at a time cost the server about 0.25 s more of
        CPU for 343,000 findings, and text results the client more parsing; the named cursor
        stays for a libpq without chunked mode."""
        import psycopg

        compiled = text(sql).compile(dialect=self._engine.dialect)
        query, args = str(compiled), {**compiled.params, **params}
        raw = self._engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            for setting in STREAM_SETTINGS:
                conn.execute(setting)
            if psycopg.capabilities.has_stream_chunked():
                with conn.cursor(binary=True) as cur:
                    described = False
                    for row in cur.stream(query, args, size=STREAM_ROWS):
                        if names is not None and not described:  # the first result's columns
                            names[:] = [d.name for d in cur.description or ()]
                            described = True
                        yield row
                    if names is not None and not described:  # no row: no result kept them
                        cur.execute(f"SELECT * FROM ({query}) AS t LIMIT 0", args)
                        names[:] = [d.name for d in cur.description or ()]
            else:
                with conn.cursor(name="harness_stream", binary=True) as named:
                    named.itersize = STREAM_ROWS
                    named.execute(query, args)
                    if names is not None:
                        names[:] = [d.name for d in named.description or ()]
                    while batch := named.fetchmany(STREAM_ROWS):
                        yield from batch
            conn.rollback()  # read only: nothing to keep
        finally:
            raw.close()

    # --- dialect-portable upserts ----------------------------------------------------------

    def _insert(self, table: Any) -> Any:
        return (sqlite.insert if self.is_sqlite else postgresql.insert)(table)

    # --- meta ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> Any:
        rows = self.query(select(meta.c.value).where(meta.c.key == key))
        return json.loads(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: Any) -> None:
        stmt = self._insert(meta).values(key=key, value=json.dumps(value))
        stmt = stmt.on_conflict_do_update(
            index_elements=[meta.c.key], set_={"value": stmt.excluded.value}
        )
        with self._write() as db:
            db.execute(stmt)

    # --- jobs ----------------------------------------------------------------------------

    def add_targets(self, targets: Iterable[Target], requires: Sequence[str] = ()) -> int:
        """Queue a first attempt of each app not yet in the store; returns how many were new."""
        now = time.time()
        rows = [
            {
                "app": t.key,
                "source": t.source,
                "attempt": 1,
                "state": JobState.queued.value,
                "queued_at": now,
                "requires": "\n".join(sorted(set(requires))),
            }
            for t in targets
        ]
        count = select(func.count()).select_from(jobs)
        with self._write() as db:
            before = db.execute(count).scalar_one()
            if rows:
                # insert-or-ignore on the unique (app, attempt): an app is queued once
                db.execute(self._insert(jobs).on_conflict_do_nothing(), rows)
            return int(db.execute(count).scalar_one() - before)

    def claim(self, device: str, healthy: set[str]) -> Job | None:
        """Move the oldest queued job this device may run to `running` on it.

        A job that failed on this device is left to the other healthy devices, unless it has
        failed on all of them (then any device may try it again).
        """
        window = (
            select(jobs)
            .where(jobs.c.state == JobState.queued.value)
            .order_by(jobs.c.id)
            .limit(CLAIM_WINDOW)
            .with_for_update(skip_locked=True)  # PostgreSQL: claimers on other hosts skip it
        )
        with self._write() as db:
            for row in db.execute(window).fetchall():
                tried = set(_lines(row.excluded))
                if device in tried and not healthy <= tried:
                    continue
                if self._start(db, row.id, device):
                    return _job(row)
        return None

    @staticmethod
    def _start(db: Connection, job_id: int, device: str) -> bool:
        done = db.execute(
            jobs.update()
            .where(and_(jobs.c.id == job_id, jobs.c.state == JobState.queued.value))
            .values(state=JobState.running.value, device=device, started_at=time.time())
        )
        return done.rowcount == 1

    def take(self, job_id: int, device: str, holder_alive: Any) -> Job | None:
        """Start the attempt `job_id` a broker delivered on `device`.

        Queued: it starts. Running on a device for which `holder_alive(name)` is False (its
        worker died, and this is the redelivery): that attempt becomes interrupted and a new one
        starts here. Anything else (finished, retried, running on a live device): None, the
        delivery is a duplicate and is dropped.
        """
        with self._write() as db:
            row = db.execute(
                select(jobs).where(jobs.c.id == job_id).with_for_update()
            ).one_or_none()
            if row is None:
                return None
            if row.state == JobState.queued.value:
                return _job(row) if self._start(db, row.id, device) else None
            if row.state != JobState.running.value or holder_alive(row.device or ""):
                return None
            new_id = self._interrupt(db, row, f"its worker ({row.device}) stopped mid-run")
            self._start(db, new_id, device)
            fresh = db.execute(select(jobs).where(jobs.c.id == new_id)).one()
            return _job(fresh)

    def finish(self, job: Job, device: str, result: JobResult, *, retries: int) -> Finish:
        """Record the outcome (and findings) of a running job (`ignored` if it was not running
        on this device: then nothing is written).

        An infrastructure failure queues the next attempt, excluded from this device, while the
        app has retries left (interrupted attempts do not use up retries).
        """
        with self._write() as db:
            cur = db.execute(
                jobs.update()
                .where(
                    and_(
                        jobs.c.id == job.id,
                        jobs.c.state == JobState.running.value,
                        jobs.c.device == device,
                    )
                )
                .values(
                    state=result.state.value,
                    ended_at=time.time(),
                    reason=result.reason[:2000],
                    infra_kind=result.infra_kind,
                    package=result.package,
                    report_path=result.report_path,
                )
            )
            if cur.rowcount != 1:
                return Finish.ignored
            if result.state.is_result and result.findings:
                db.execute(
                    findings.insert(),
                    [
                        {
                            "job_id": job.id,
                            "app": job.app,
                            "rule": f.rule.value,
                            "data": f.data.value,
                            "api": f.api,
                            "actor_kind": f.actor.kind,
                            "actor_name": f.actor.name,
                            "actor_package": f.actor.package,
                            "actor_vendor": f.actor.vendor,
                            "process": f.process,
                            "count": f.count,
                            "first_at": f.first_at,
                            "first_offset_s": f.first_offset_s,
                            "host": f.host[:253] if isinstance(f, SentFinding) else "",
                        }
                        for f in result.findings
                    ],
                )
            if result.state.is_result and result.sdk_presence:
                static_store.record(db, job.id, job.app, result.sdk_presence)
            if result.state is JobState.failed_infra:
                failures = db.execute(
                    select(func.count())
                    .select_from(jobs)
                    .where(
                        and_(
                            jobs.c.app == job.app,
                            jobs.c.state == JobState.failed_infra.value,
                            jobs.c.infra_kind != INTERRUPTED,
                        )
                    )
                ).scalar_one()
                if failures <= retries:
                    # an interrupted run says nothing about the device it ran on
                    tried = (
                        {*job.excluded}
                        if result.infra_kind == INTERRUPTED
                        else {*job.excluded, device}
                    )
                    self._requeue(db, job, sorted(tried))
                    return Finish.requeued
            return Finish.final

    @staticmethod
    def _requeue(db: Connection, job: Job, excluded: Iterable[str]) -> int:
        last = db.execute(select(func.max(jobs.c.attempt)).where(jobs.c.app == job.app))
        inserted = db.execute(
            jobs.insert().values(
                app=job.app,
                source=job.source,
                attempt=int(last.scalar_one()) + 1,
                state=JobState.queued.value,
                excluded="\n".join(excluded),
                requires="\n".join(job.requires),
                queued_at=time.time(),
            )
        )
        key = inserted.inserted_primary_key
        assert key is not None
        return int(key[0])

    def _interrupt(self, db: Connection, row: Any, reason: str) -> int:
        db.execute(
            jobs.update()
            .where(jobs.c.id == row.id)
            .values(
                state=JobState.failed_infra.value,
                infra_kind=INTERRUPTED,
                ended_at=time.time(),
                reason=reason,
            )
        )
        return self._requeue(db, _job(row), _lines(row.excluded))

    def recover(self, devices_gone: Iterable[str] | None = None) -> int:
        """Jobs left running become interrupted attempts, each queued again: all of them (after
        a crash of the one batch), or those running on `devices_gone` (dead workers)."""
        where = jobs.c.state == JobState.running.value
        if devices_gone is not None:
            gone = list(devices_gone)
            if not gone:
                return 0
            where = and_(where, jobs.c.device.in_(gone))
        with self._write() as db:
            rows = db.execute(select(jobs).where(where).with_for_update()).fetchall()
            for row in rows:
                self._interrupt(db, row, "the batch stopped while this app was running")
            return len(rows)

    def fail_queued(self, job_id: int, kind: str, reason: str) -> bool:
        """End a queued attempt as an infrastructure failure that is not retried (e.g. no
        worker has a device it can run on)."""
        with self._write() as db:
            done = db.execute(
                jobs.update()
                .where(and_(jobs.c.id == job_id, jobs.c.state == JobState.queued.value))
                .values(
                    state=JobState.failed_infra.value,
                    infra_kind=kind,
                    reason=reason[:2000],
                    ended_at=time.time(),
                )
            )
            return done.rowcount == 1

    def mark_published(self, job_ids: Iterable[int]) -> None:
        ids = list(job_ids)
        if not ids:
            return
        with self._write() as db:
            db.execute(jobs.update().where(jobs.c.id.in_(ids)).values(published_at=time.time()))

    def queued_attempt(self, app: str) -> Job | None:
        """The queued attempt of `app`, if any (the follow-up of a retried failure)."""
        rows = self.query(
            select(jobs)
            .where(and_(jobs.c.app == app, jobs.c.state == JobState.queued.value))
            .order_by(jobs.c.id.desc())
            .limit(1)
        )
        return _job_of(rows[0]) if rows else None

    def jobs_in(self, *states: JobState) -> list[Job]:
        return self.jobs_where(jobs.c.state.in_([s.value for s in states]))

    def jobs_where(self, where: Any) -> list[Job]:
        return [_job_of(r) for r in self.query(select(jobs).where(where).order_by(jobs.c.id))]

    def retry_unroutable(self, kind: str) -> int:
        """Queue a new attempt of every app whose last attempt ended as `kind` (e.g. no device
        could run it); returns how many."""
        latest = select(func.max(jobs.c.id)).group_by(jobs.c.app)
        with self._write() as db:
            rows = db.execute(
                select(jobs).where(
                    and_(
                        jobs.c.id.in_(latest),
                        jobs.c.state == JobState.failed_infra.value,
                        jobs.c.infra_kind == kind,
                    )
                )
            ).fetchall()
            for row in rows:
                self._requeue(db, _job(row), _lines(row.excluded))
            return len(rows)

    def pending(self) -> int:
        """Jobs not yet finished (queued or running)."""
        rows = self.query(
            select(func.count())
            .select_from(jobs)
            .where(jobs.c.state.in_([JobState.queued.value, JobState.running.value]))
        )
        return int(rows[0][0])

    def app_states(self) -> dict[str, int]:
        """How many apps are in each state, by the latest attempt of each app."""
        # joined, not `id IN (...)`: PostgreSQL planned the IN as 100,000 index look-ups
        # (0.3 s of its CPU at 100,000 apps against 0.1 s); SQLite takes the same time either way
        latest = select(func.max(jobs.c.id).label("id")).group_by(jobs.c.app).subquery()
        rows = self.query(
            select(jobs.c.state, func.count())
            .select_from(latest.join(jobs, jobs.c.id == latest.c.id))
            .group_by(jobs.c.state)
        )
        return {row[0]: int(row[1]) for row in rows}

    def mean_run_seconds(self) -> float | None:
        rows = self.query(
            select(func.avg(jobs.c.ended_at - jobs.c.started_at)).where(
                and_(jobs.c.state.in_(RESULT_STATES), jobs.c.started_at.is_not(None))
            )
        )
        value = rows[0][0]
        return float(value) if value is not None else None

    # --- devices -------------------------------------------------------------------------

    def set_device(
        self, name: str, state: str, *, failures: int = 0, reason: str = "", done: int = 0
    ) -> None:
        stmt = self._insert(devices).values(
            name=name,
            state=state,
            consecutive_failures=failures,
            apps_done=done,
            reason=reason[:2000],
            updated_at=time.time(),
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[devices.c.name],
            set_={
                "state": stmt.excluded.state,
                "consecutive_failures": stmt.excluded.consecutive_failures,
                "apps_done": devices.c.apps_done + stmt.excluded.apps_done,
                "reason": stmt.excluded.reason,
                "updated_at": stmt.excluded.updated_at,
            },
        )
        with self._write() as db:
            db.execute(stmt)


def _short(exc: SQLAlchemyError) -> str:
    """The driver's own message, first line, without SQLAlchemy's statement dump."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    return (str(inner).strip().splitlines() or [type(inner).__name__])[0][:300]

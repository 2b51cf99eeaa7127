"""The batch store: one SQLite file (WAL) holding every job attempt and every finding.

It is the only state the workers share. Each change is one transaction, so a crash, Ctrl-C or
kill -9 loses at most the runs that were in flight, and those are retried on resume:

* `claim` moves one queued job to running on a device;
* `finish` records a job's outcome and, in the same transaction, its findings (so they are
  counted exactly once) and the follow-up attempt of a retried infrastructure failure;
* `recover` (on resume) turns jobs left running by a dead batch into retried attempts.

A job only leaves `running` through `finish` or `recover`, and `finish` only accepts a job that
is still running on the device that claimed it: an app never has two results.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any

from harness.batch import static_store
from harness.batch.model import Job, JobResult, JobState
from harness.batch.targets import Target
from harness.errors import ConfigError
from harness.model import SentFinding

STORE_NAME = "harness.db"
STORE_SCHEMA = 1
CLAIM_WINDOW = 64  # queued jobs looked at per claim (skipping those excluded on this device)
INTERRUPTED = "interrupted"
RESULT_STATES = tuple(s.value for s in JobState if s.is_result)


class Finish(str, Enum):
    ignored = "ignored"  # the job was not running on that device (already finished/recovered)
    final = "final"  # the app is finished
    requeued = "requeued"  # an infrastructure failure; another attempt is queued


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    app TEXT NOT NULL,
    source TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    state TEXT NOT NULL,
    device TEXT,
    excluded TEXT NOT NULL DEFAULT '',
    queued_at REAL NOT NULL,
    started_at REAL,
    ended_at REAL,
    reason TEXT NOT NULL DEFAULT '',
    infra_kind TEXT NOT NULL DEFAULT '',
    package TEXT NOT NULL DEFAULT '',
    report_path TEXT NOT NULL DEFAULT '',
    UNIQUE (app, attempt)
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, id);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs (id),
    app TEXT NOT NULL,
    rule TEXT NOT NULL,
    data TEXT NOT NULL,
    api TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    actor_package TEXT NOT NULL,
    actor_vendor TEXT NOT NULL DEFAULT '',
    process TEXT NOT NULL,
    count INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    first_offset_s REAL NOT NULL,
    host TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS findings_job ON findings (job_id);
CREATE INDEX IF NOT EXISTS findings_actor ON findings (actor_kind, actor_name, rule, data, app);
CREATE TABLE IF NOT EXISTS devices (
    name TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    apps_done INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    updated_at REAL NOT NULL
);
"""


# Columns added to a table after schema 1 was first released; a store made before gets them
# when opened (additive, with defaults: old rows read as they were).
_ADDED_COLUMNS = (("findings", "host", "TEXT NOT NULL DEFAULT ''"),)  # sent_* findings' host


def _add_missing_columns(db: sqlite3.Connection) -> None:
    for table, column, decl in _ADDED_COLUMNS:
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


class Store:
    """A handle on RUNDIR/harness.db; safe to share between the threads of one batch."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(
                str(path), timeout=30.0, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL survives a killed process; only an OS crash may lose the last commit.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self._db.executescript(static_store.SCHEMA)
            _add_missing_columns(self._db)
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"{path}: not a usable batch store: {exc}") from None
        version = self.get_meta("schema")
        if version is None:
            self.set_meta("schema", STORE_SCHEMA)
        elif version != STORE_SCHEMA:
            raise ConfigError(
                f"{path}: batch store schema {version} is not supported (expected {STORE_SCHEMA})"
            )

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
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE so that concurrent writers queue instead of failing."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cur = self._db.execute(sql, tuple(params))
            cur.row_factory = sqlite3.Row
            return cur.fetchall()

    def iterate(self, sql: str, params: Iterable[Any] = ()) -> Iterator[sqlite3.Row]:
        """Stream rows of a read-only query through a separate connection (no lock held)."""
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"  # quotes spaces, '?', '#'
        db = sqlite3.connect(uri, uri=True, timeout=30.0)
        db.row_factory = sqlite3.Row
        try:
            yield from db.execute(sql, tuple(params))
        finally:
            db.close()

    # --- meta ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> Any:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: Any) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    # --- jobs ----------------------------------------------------------------------------

    def add_targets(self, targets: Iterable[Target]) -> int:
        """Queue a first attempt of each app not yet in the store; returns how many were new."""
        now = time.time()
        with self._write() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO jobs (app, source, attempt, state, queued_at) "
                "VALUES (?, ?, 1, 'queued', ?)",
                [(t.key, t.source, now) for t in targets],
            )
            return db.total_changes - before

    def claim(self, device: str, healthy: set[str]) -> Job | None:
        """Move the oldest queued job this device may run to `running` on it.

        A job that failed on this device is left to the other healthy devices, unless it has
        failed on all of them (then any device may try it again).
        """
        with self._write() as db:
            rows = db.execute(
                "SELECT id, app, source, attempt, excluded FROM jobs WHERE state = 'queued' "
                "ORDER BY id LIMIT ?",
                (CLAIM_WINDOW,),
            ).fetchall()
            for job_id, app, source, attempt, excluded in rows:
                tried = set(filter(None, excluded.split("\n")))
                if device in tried and not healthy <= tried:
                    continue
                db.execute(
                    "UPDATE jobs SET state = 'running', device = ?, started_at = ? WHERE id = ?",
                    (device, time.time(), job_id),
                )
                return Job(job_id, app, source, attempt, tuple(sorted(tried)))
        return None

    def finish(self, job: Job, device: str, result: JobResult, *, retries: int) -> Finish:
        """Record the outcome (and findings) of a running job (`ignored` if it was not running
        on this device: then nothing is written).

        An infrastructure failure queues the next attempt, excluded from this device, while the
        app has retries left (interrupted attempts do not use up retries).
        """
        with self._write() as db:
            cur = db.execute(
                "UPDATE jobs SET state = ?, ended_at = ?, reason = ?, infra_kind = ?, package = ?,"
                " report_path = ? WHERE id = ? AND state = 'running' AND device = ?",
                (
                    result.state.value,
                    time.time(),
                    result.reason[:2000],
                    result.infra_kind,
                    result.package,
                    result.report_path,
                    job.id,
                    device,
                ),
            )
            if cur.rowcount != 1:
                return Finish.ignored
            if result.state.is_result and result.findings:
                db.executemany(
                    "INSERT INTO findings (job_id, app, rule, data, api, actor_kind, actor_name,"
                    " actor_package, actor_vendor, process, count, first_at, first_offset_s,"
                    " host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            job.id,
                            job.app,
                            f.rule.value,
                            f.data.value,
                            f.api,
                            f.actor.kind,
                            f.actor.name,
                            f.actor.package,
                            f.actor.vendor,
                            f.process,
                            f.count,
                            f.first_at,
                            f.first_offset_s,
                            f.host[:253] if isinstance(f, SentFinding) else "",
                        )
                        for f in result.findings
                    ],
                )
            if result.state.is_result and result.sdk_presence:
                static_store.record(db, job.id, job.app, result.sdk_presence)
            if result.state is JobState.failed_infra:
                (failures,) = db.execute(
                    "SELECT COUNT(*) FROM jobs WHERE app = ? AND state = 'failed_infra' "
                    "AND infra_kind != ?",
                    (job.app, INTERRUPTED),
                ).fetchone()
                if failures <= retries:
                    # an interrupted run says nothing about the device it ran on
                    tried = (
                        {*job.excluded}
                        if result.infra_kind == INTERRUPTED
                        else {*job.excluded, device}
                    )
                    excluded = sorted(tried)
                    self._requeue(db, job, excluded)
                    return Finish.requeued
            return Finish.final

    @staticmethod
    def _requeue(db: sqlite3.Connection, job: Job, excluded: Iterable[str]) -> None:
        (last,) = db.execute("SELECT MAX(attempt) FROM jobs WHERE app = ?", (job.app,)).fetchone()
        db.execute(
            "INSERT INTO jobs (app, source, attempt, state, excluded, queued_at) "
            "VALUES (?, ?, ?, 'queued', ?, ?)",
            (job.app, job.source, last + 1, "\n".join(excluded), time.time()),
        )

    def recover(self) -> int:
        """After a crash: jobs left running become interrupted attempts, each queued again."""
        with self._write() as db:
            rows = db.execute(
                "SELECT id, app, source, attempt, excluded FROM jobs WHERE state = 'running'"
            ).fetchall()
            for job_id, app, source, attempt, excluded in rows:
                db.execute(
                    "UPDATE jobs SET state = 'failed_infra', infra_kind = ?, ended_at = ?, "
                    "reason = 'the batch stopped while this app was running' WHERE id = ?",
                    (INTERRUPTED, time.time(), job_id),
                )
                job = Job(job_id, app, source, attempt, tuple(filter(None, excluded.split("\n"))))
                self._requeue(db, job, job.excluded)
            return len(rows)

    def pending(self) -> int:
        """Jobs not yet finished (queued or running)."""
        rows = self.query("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running')")
        return int(rows[0]["n"])

    def app_states(self) -> dict[str, int]:
        """How many apps are in each state, by the latest attempt of each app."""
        rows = self.query(
            "SELECT state, COUNT(*) AS n FROM jobs WHERE id IN "
            "(SELECT MAX(id) FROM jobs GROUP BY app) GROUP BY state"
        )
        return {row["state"]: int(row["n"]) for row in rows}

    def mean_run_seconds(self) -> float | None:
        rows = self.query(
            "SELECT AVG(ended_at - started_at) AS s FROM jobs "
            "WHERE state IN ('done', 'failed_app', 'timeout') AND started_at IS NOT NULL"
        )
        value = rows[0]["s"]
        return float(value) if value is not None else None

    # --- devices -------------------------------------------------------------------------

    def set_device(
        self, name: str, state: str, *, failures: int = 0, reason: str = "", done: int = 0
    ) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO devices (name, state, consecutive_failures, apps_done, reason,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " state = excluded.state, consecutive_failures = excluded.consecutive_failures,"
                " apps_done = devices.apps_done + excluded.apps_done, reason = excluded.reason,"
                " updated_at = excluded.updated_at",
                (name, state, failures, done, reason[:2000], time.time()),
            )

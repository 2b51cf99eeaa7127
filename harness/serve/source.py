"""Where a dashboard reads from: the batch store, opened so that the database refuses writes,
and the artifact root holding the run folders.

`harness.batch.store.Store` is not used: opening it creates missing tables and records the
schema version (writes). Here SQLite is opened through a `mode=ro` URI (the SQLite library
itself refuses every write) and PostgreSQL with `default_transaction_read_only` set for the
session, so no bug in a query of this package can change the store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from harness.batch.campaign import holds_batch, read_campaign
from harness.batch.db import SQLITE_TIMEOUT_S, shown, store_url
from harness.batch.store import STORE_NAME
from harness.errors import ConfigError

READ_ONLY_PG = "-c default_transaction_read_only=on"
MMAP_BYTES = 1 << 30  # address space only; what is mapped stays in the page cache


class ReadOnlyStore:
    """Plain read queries (text SQL, :name parameters) returning rows as dicts."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.location = shown(url)
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self._engine = _engine(url)
        try:
            self.rows("SELECT COUNT(*) AS n FROM meta")
        except SQLAlchemyError as exc:
            self._engine.dispose()
            first = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
            raise ConfigError(f"{self.location}: not a readable batch store: {first}") from None

    def rows(
        self, sql: str, params: Mapping[str, Any] | None = None, lists: tuple[str, ...] = ()
    ) -> list[dict[str, Any]]:
        """`lists`: parameters holding a list, for `IN :name` (expanded into one bound value
        per item: app keys are the app's own strings, never spliced into SQL)."""
        statement = text(sql)
        named = [n for n in lists if f":{n}" in sql]  # a query may leave a list unused
        if named:
            statement = statement.bindparams(*(bindparam(n, expanding=True) for n in named))
        with self._engine.connect() as conn:
            result = conn.execute(statement, dict(params or {}))
            return [dict(r._mapping) for r in result]

    def tuples(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows as the driver's plain tuples (no parameters): the whole-store reads behind the
        kept answers, where building a row object per row costs more than the query."""
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(sql)
            return list(cursor.fetchall())
        finally:
            raw.close()  # back to the pool (a PostgreSQL transaction is rolled back)

    def scalar(
        self, sql: str, params: Mapping[str, Any] | None = None, lists: tuple[str, ...] = ()
    ) -> Any:
        rows = self.rows(sql, params, lists)
        return next(iter(rows[0].values())) if rows else None

    def close(self) -> None:
        self._engine.dispose()


def _engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if not path.is_file():
            raise ConfigError(f"{path}: no batch store here")
        uri = path.resolve().as_uri() + "?mode=ro"  # as_uri quotes spaces, '?' and '#'

        def connect() -> sqlite3.Connection:
            conn = sqlite3.connect(uri, uri=True, timeout=SQLITE_TIMEOUT_S, check_same_thread=False)
            # pages read through a shared memory map of the file (the OS page cache) instead of
            # each pooled connection's own 2 MB cache: a connection new to a thread starts warm
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            return conn

        # a pool of plain read connections: each query is its own implicit read transaction
        return create_engine("sqlite://", creator=connect)
    return create_engine(
        url, connect_args={"options": READ_ONLY_PG}, pool_pre_ping=True, pool_size=4
    )


@dataclass(frozen=True)
class Source:
    """What one `harness serve` shows: a store, the folder holding its run folders, and the
    batch folder (for the summary files `harness summary` built), when there is one."""

    store: ReadOnlyStore
    artifacts: Path | None
    rundir: Path | None

    def close(self) -> None:
        self.store.close()


def open_source(rundir: Path | None, store: str | None, artifacts: Path | None) -> Source:
    """RUNDIR (its harness.db or the store campaign.json names), or --store URL alone."""
    root: Path | None
    if rundir is not None:
        if not rundir.is_dir():
            raise ConfigError(f"{rundir}: not a folder")
        if store is None and not holds_batch(rundir):
            raise ConfigError(f"{rundir}: no batch store here (expected {STORE_NAME})")
        campaign = read_campaign(rundir)
        spec = store or campaign.store_spec(rundir)
        root = artifacts or campaign.artifact_root(rundir)
    elif store is not None:
        spec, root = store, artifacts
    else:
        raise ConfigError("give a batch folder (RUNDIR) or --store URL")
    if root is not None and not root.is_dir():
        raise ConfigError(f"--artifacts: {root}: not a folder")
    return Source(ReadOnlyStore(store_url(spec)), root, rundir)

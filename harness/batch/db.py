"""Connections to the batch store: a SQLAlchemy engine for a SQLite file or a PostgreSQL URL.

SQLite: WAL, and every write transaction starts with BEGIN IMMEDIATE so that concurrent writers
(threads of one batch, or processes on one host) queue instead of failing half-way; streamed reads
start a plain deferred transaction, so a long summary never holds up the writers.
PostgreSQL: psycopg 3; reads that stream use psycopg's chunked stream, or a server-side cursor
(memory stays flat either way; see `Store.rows`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, make_url
from sqlalchemy.engine import URL, Row
from sqlalchemy.exc import ArgumentError

from harness.errors import ConfigError

READ_ONLY = "harness_read_only"  # execution option: a read that must not take the write lock
SQLITE_TIMEOUT_S = 30.0
KNOWN_SCHEMES = ("sqlite", "postgresql")


class Record(tuple[Any, ...]):
    """A result row read by position (`row[0]`) or by column name (`row["state"]`, `dict(row)`)."""

    _names: dict[str, int]

    def __new__(cls, row: Row[Any]) -> Record:
        self = super().__new__(cls, tuple(row))
        self._names = {name: i for i, name in enumerate(row._fields)}
        return self

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def store_url(spec: str | Path) -> URL:
    """A store given as a file path (SQLite) or a URL (sqlite:///..., postgresql://...)."""
    text = str(spec)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).resolve()))
    try:
        url = make_url(text)
    except ArgumentError:
        raise ConfigError(f"--store: {text[:200]!r} is not a database URL") from None
    backend = url.get_backend_name()
    if backend not in KNOWN_SCHEMES:
        raise ConfigError(
            f"--store: unsupported database {backend!r} (use a SQLite file or postgresql://...)"
        )
    if backend == "postgresql":  # psycopg 3, whatever driver the URL named
        return url.set(drivername="postgresql+psycopg")
    return url


def shown(url: URL) -> str:
    """The URL as shown, stored and sent to workers: without its password (~/.pgpass has it)."""
    return url.set(password=None).render_as_string(hide_password=False)


def make_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine

    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            connect_args={"timeout": SQLITE_TIMEOUT_S, "check_same_thread": False},
        )
        _sqlite_transactions(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=8)


def _sqlite_transactions(engine: Engine) -> None:
    # pysqlite's own transaction handling is turned off and BEGIN emitted here: the documented
    # SQLAlchemy recipe for real SQLite transactions.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL survives a killed process; only an OS crash may lose the last commit.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

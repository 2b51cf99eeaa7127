"""Fixtures with real servers: one PostgreSQL per session (a new database per test), one
redis-server per test. They skip, saying why, only where the binaries are missing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from services import (  # noqa: E402
    PostgresServer,
    RedisServer,
    pg_bindir,
    postgres_server,
    redis_binary,
    redis_server,
)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    if pg_bindir() is None:
        pytest.skip("PostgreSQL (initdb, postgres) is not installed: apt-get install postgresql")
    with postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    return postgres.new_database()


@pytest.fixture
def redis_srv() -> Iterator[RedisServer]:
    if redis_binary() is None:
        pytest.skip("redis-server is not installed: apt-get install redis-server")
    with redis_server() as server:
        yield server

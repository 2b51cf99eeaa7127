"""`harness serve --store postgresql://...`: the same answers from a PostgreSQL store, through
sessions the server itself keeps read-only (a real PostgreSQL, as tests/distributed starts)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .stores import ROOT, serving, small_store


def _services() -> ModuleType:
    # by file, under its own name: a plain `import services` could find another tests folder's
    path = ROOT / "tests" / "distributed" / "services.py"
    spec = importlib.util.spec_from_file_location("serve_pg_services", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pytest.importorskip("redis", reason="tests/distributed/services imports it (a dependency)")
services = _services()
pytestmark = pytest.mark.skipif(
    services.pg_bindir() is None, reason="needs Debian postgresql (CI installs it)"
)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    with services.postgres_server() as server:
        yield server.new_database()


def test_a_postgresql_store_is_served_read_only(database: str, tmp_path: Path) -> None:
    from harness.batch.db import store_url
    from harness.serve.source import ReadOnlyStore

    small_store(tmp_path, url=database)
    with serving("--store", database, "--artifacts", str(tmp_path)) as served:

        def get(path: str) -> Any:
            status, _, body = served.get(path)
            assert status == 200, (path, body[:300])
            return json.loads(body)

        o = get("/api/overview")
        assert o["states"]["done"] == 31 and o["states"]["running"] == 1
        assert len(get("/api/apps?sdk=JPush")["apps"]) == 10
        assert [a["app"] for a in get("/api/apps?q=APP01")["apps"]][:1] == ["com.app010"]
        assert {s["sdk"] for s in get("/api/sdks")["sdks"]} >= {"Umeng", "JPush", "Bugly"}
        assert get("/api/apps/com.app000")["files"][0]["name"] == "report.html"
    reader = ReadOnlyStore(store_url(database))
    try:
        with pytest.raises(Exception, match="read-only transaction"):
            reader.rows("DELETE FROM findings")
        assert reader.scalar("SELECT COUNT(*) FROM jobs") == 35
    finally:
        reader.close()

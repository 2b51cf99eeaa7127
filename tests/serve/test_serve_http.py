"""`harness serve` over HTTP: the API answers with the store's content, the security rules
(token off loopback, Host on loopback, read-only, CSP, paths kept in the run folders) hold."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from .stores import HOSTILE_APP, XSS, Served, serving, small_store


@pytest.fixture(scope="module")
def rundir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("batch")
    small_store(folder)
    return folder


@pytest.fixture(scope="module")
def served(rundir: Path) -> Iterator[Served]:
    with serving(str(rundir)) as s:
        yield s


def _json(served: Served, path: str) -> dict:  # type: ignore[type-arg]
    status, headers, body = served.get(path)
    assert status == 200, (path, status, body[:300])
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def test_the_api_answers_from_the_store(served: Served) -> None:
    o = _json(served, "/api/overview")
    assert o["states"]["done"] == 31 and o["states"]["failed"] == 2
    assert o["states"]["running"] == 1 and o["states"]["queued"] == 1
    assert {h["host"]: h["quarantined"] for h in o["hosts"]} == {"lab1": 0, "lab2": 1}
    assert [d["running_app"] for d in o["devices"]] == [None, "com.running"]
    assert o["throughput_per_min"] > 0 and o["eta_s"] is not None
    sdks = {s["sdk"]: s for s in _json(served, "/api/sdks")["sdks"]}
    assert sdks["Umeng"]["apps_before_consent"] == 11  # 10 + the hostile app
    detail = _json(served, "/api/sdks/Bugly")
    assert {(c["rule"], c["data"], c["apps"]) for c in detail["categories"]} == {
        ("pre_consent", "device_id", 10),
        ("background", "location", 15),
    }


def test_apps_pages_and_filters(served: Served) -> None:
    first = _json(served, "/api/apps?limit=20")
    assert len(first["apps"]) == 20 and first["next"] == first["apps"][-1]["app"]
    rest = _json(served, f"/api/apps?limit=20&after={quote(first['next'])}")
    keys = [a["app"] for a in first["apps"] + rest["apps"]]
    assert keys == sorted(keys) and len(set(keys)) == 35 and rest["next"] is None
    jpush = _json(served, "/api/apps?sdk=JPush")["apps"]
    assert len(jpush) == 10 and all("JPush" in a["sdks"] for a in jpush)
    both = _json(served, "/api/apps?sdk=Bugly&rule=background&data=location")["apps"]
    assert len(both) == 15
    assert [a["app"] for a in _json(served, "/api/apps?q=APP01")["apps"]] == [
        f"com.app01{i}" for i in range(10)
    ]
    assert [a["app"] for a in _json(served, "/api/apps?state=failed_infra")["apps"]] == [
        "com.broken"
    ]
    assert _json(served, "/api/apps?q=" + quote("%_"))["apps"] == []  # LIKE wildcards literal
    status, _, _ = served.get("/api/apps?limit=100000")
    assert status == 422  # bounded pages


def test_app_detail_lists_its_evidence_and_serves_the_report(served: Served) -> None:
    a = _json(served, "/api/apps/com.app000")
    assert a["report"] == "apps/com.app000/1/report.html"
    assert [f["name"] for f in a["files"]] == ["report.html", "report.json"]
    status, headers, body = served.get("/files/apps/com.app000/1/report.html")
    assert status == 200 and b"run report" in body
    assert headers["content-security-policy"].startswith("sandbox")
    assert _json(served, "/api/infra")["failures"][0]["app"] == "com.broken"
    status, _, _ = served.get("/api/apps/com.nothing")
    assert status == 404


@pytest.mark.parametrize(
    "path",
    [
        "/files/apps/../harness.db",
        "/files/apps/%2e%2e/harness.db",
        "/files/apps/com.app000/1/../../../harness.db",
        "/files/apps/com.app000/%2e%2e%2f%2e%2e%2f%2e%2e%2fharness.db",
        "/files/harness.db",
        "/files//etc/passwd",
        "/files/apps/..%5c..%5charness.db",
        "/files/apps/com.app000/1/report.html%00.png",
        "/files/apps/link/1/passwd",
        "/files/apps/com.app000/1/out",
        "/download/harness.db",
        "/download/..%2fharness.db",
    ],
)
def test_a_path_out_of_the_run_folders_is_refused(served: Served, rundir: Path, path: str) -> None:
    link = rundir / "apps" / "link"
    if not link.exists():
        link.symlink_to("/etc", target_is_directory=True)  # a folder link out of the root
        (rundir / "apps" / "com.app000" / "1" / "out").symlink_to(rundir / "harness.db")
    status, _, body = served.get(path)
    assert status == 404, (path, status)
    assert b"SQLite" not in body and b"root:" not in body


def test_read_only_methods_and_headers(served: Served, rundir: Path) -> None:
    before = (rundir / "harness.db").stat().st_mtime_ns
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        status, _, _ = served.get("/api/apps", method=method)
        assert status == 405
    status, headers, body = served.get("/")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert b"<script>" not in body  # no inline script anywhere
    assert (rundir / "harness.db").stat().st_mtime_ns == before


def test_the_pages_escape_the_apps_strings(served: Served) -> None:
    for path in (
        "/apps",
        "/apps/" + quote(HOSTILE_APP, safe=""),
        "/sdks",
        "/infra",
        "/",
        "/sdks/" + quote(XSS, safe=""),
    ):
        status, _, body = served.get(path)
        assert status == 200, path
        assert b"<img src=x" not in body and b"<script>alert" not in body, path
    status, _, body = served.get("/apps?state=failed_app")
    assert b"\\u202e" in body and "\u202e".encode() not in body  # shown, not obeyed


def test_a_dns_rebinding_host_is_refused_on_loopback(served: Served) -> None:
    status, _, _ = served.get("/api/overview", headers={"Host": "attacker.example:80"})
    assert status == 403
    status, _, _ = served.get("/api/overview", headers={"Host": f"localhost:{served.port}"})
    assert status == 200


def test_the_openapi_schema_documents_every_api_route(served: Served) -> None:
    schema = _json(served, "/api/openapi.json")
    assert set(schema["paths"]) == {
        "/api/overview",
        "/api/sdks",
        "/api/sdks/{sdk}",
        "/api/apps",
        "/api/apps/{app}",
        "/api/infra",
        "/api/downloads",
    }
    assert "Overview" in schema["components"]["schemas"]


def test_off_loopback_every_request_needs_the_token(rundir: Path) -> None:
    with serving(str(rundir), host="0.0.0.0") as s:
        token = s.lines[1].rsplit(" ", 1)[1].strip()
        login = s.lines[2].rsplit(" ", 1)[1].strip()
        for path in (
            "/",
            "/api/overview",
            "/static/dashboard.js",
            "/api/openapi.json",
            "/files/apps/com.app000/1/report.html",
        ):
            status, _, body = s.get(path)
            assert status == 401 and b"Campaign" not in body, path
        status, _, _ = s.get("/api/overview", {"Authorization": "Bearer " + token[:-1] + "x"})
        assert status == 401
        status, _, _ = s.get("/api/overview", {"Authorization": f"Bearer {token}"})
        assert status == 200
        path = login.split(str(s.port), 1)[1]
        status, headers, _ = s.get(path)
        assert status == 303 and "httponly" in headers["set-cookie"].lower()
        cookie = headers["set-cookie"].split(";", 1)[0]
        assert s.get("/", {"Cookie": cookie})[0] == 200
        assert s.get(path)[0] == 403  # the login URL works once


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "harness", "serve", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        )

    for args, words in (
        ((str(tmp_path),), "no batch store"),
        ((str(tmp_path / "none"),), "not a folder"),
        ((), "give a batch folder"),
        (("--store", str(tmp_path / "x.db")), "no batch store"),
        ((str(tmp_path), "--token", "short"), "--token"),
    ):
        done = run(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    not_a_store = tmp_path / "harness.db"
    not_a_store.write_text("hello")
    done = run(str(tmp_path))
    assert done.returncode == 2 and "not a readable batch store" in done.stderr


def test_the_store_connection_refuses_writes(rundir: Path) -> None:
    from harness.batch.db import store_url
    from harness.serve.source import ReadOnlyStore

    store = ReadOnlyStore(store_url(rundir / "harness.db"))
    try:
        with pytest.raises(Exception, match="readonly"):
            store.rows("DELETE FROM jobs")
        assert store.scalar("SELECT COUNT(*) FROM jobs") == 35
    finally:
        store.close()
    with sqlite3.connect(rundir / "harness.db") as db:
        assert db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0] == 35

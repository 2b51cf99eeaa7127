"""The summary's SQL aggregates against a recount in Python over the store's raw rows, on a
synthetic campaign (the benchmark's generator: retries, infrastructure failures, SDKs of skewed
popularity, sent_* hosts, static presence), and the migration of a schema-2 store."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))

from bench_summary import build_store, synthetic_rows  # noqa: E402

from harness.batch import schema  # noqa: E402
from harness.batch.store import Store  # noqa: E402
from harness.batch.summary.campaign import campaign  # noqa: E402
from harness.batch.summary.query import MAX_HOSTS, SummaryQuery  # noqa: E402

APPS = 1500


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    store = Store(folder / "harness.db")
    build_store(store, synthetic_rows(APPS, seed=11))
    store.close()
    return folder / "harness.db"


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    return [dict(r) for r in store.query(f"SELECT * FROM {table} ORDER BY id")]


def test_counts_shares_and_sdk_rows_equal_a_recount_of_the_rows(synthetic: Path) -> None:
    store = Store(synthetic)
    jobs, findings = _rows(store, "jobs"), _rows(store, "findings")
    latest: dict[str, dict[str, Any]] = {}
    for job in jobs:
        latest[job["app"]] = job  # ids grow: the last one seen is the latest attempt
    by_state: dict[str, int] = defaultdict(int)
    for job in latest.values():
        by_state[job["state"]] += 1
    rules: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        rules[f["rule"]].add(f["app"])

    query = SummaryQuery(store)
    overview = query.overview()
    assert overview.by_state == dict(by_state)
    assert overview.apps == APPS and overview.findings == len(findings)
    assert overview.apps_with_findings == len({f["app"] for f in findings})
    sdk_findings = [f for f in findings if f["actor_kind"] == "sdk"]
    assert overview.sdk_count == len({f["actor_name"] for f in sdk_findings})
    info = campaign(store, query)
    assert {r.rule: r.apps for r in info.rules} == {r: len(a) for r, a in rules.items()}
    assert info.tested == sum(by_state[s] for s in ("done", "failed_app", "timeout"))

    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for f in sdk_findings:
        groups[(f["actor_name"], f["rule"], f["data"])].append(f)
    report = {job["id"]: job["report_path"] for job in jobs}
    rows = list(query.sdk_rows(examples=None))
    assert [(r.sdk, r.rule, r.data) for r in rows] == sorted(groups)
    for row in rows:
        group = groups[(row.sdk, row.rule, row.data)]
        apps = sorted({(f["app"], report[f["job_id"]]) for f in group})
        assert row.apps == len(apps) and row.examples == apps
        assert row.vendor == max(f["actor_vendor"] for f in group)
        assert row.hosts == sorted({f["host"] for f in group if f["host"]})[:MAX_HOSTS]
    assert any(row.hosts for row in rows) and any(len(row.examples) > 3 for row in rows)
    # a page's few examples are the first ones of the full list
    for short, full in zip(query.sdk_rows(examples=3), rows, strict=True):
        assert short.examples == full.examples[:3] and short.apps == full.apps

    apps = list(query.apps())
    assert [a["app"] for a in apps] == sorted(latest)
    assert sum(len(a["findings"]) for a in apps) == len(findings)
    assert all(a["id"] == latest[a["app"]]["id"] for a in apps)
    retried = [a for a in apps if a["attempts"] > 1]
    assert retried and all(a["state"] != "failed_infra" for a in retried)
    store.close()


def test_sdk_inventory_equals_a_recount(synthetic: Path) -> None:
    store = Store(synthetic)
    presence, findings = _rows(store, "sdk_presence"), _rows(store, "findings")
    embedding: dict[str, set[str]] = defaultdict(set)
    silent: dict[str, set[str]] = defaultdict(set)
    for p in presence:
        if p["embedded"]:
            embedding[p["sdk"]].add(p["app"])
        if p["status"] == "silent":
            silent[p["sdk"]].add(p["app"])
    before: dict[str, set[str]] = defaultdict(set)
    for f in findings:
        if f["actor_kind"] == "sdk" and f["rule"] in ("pre_consent", "sent_before_consent"):
            before[f["actor_name"]].add(f["app"])
    rows = SummaryQuery(store).sdk_inventory()
    assert {r["sdk"] for r in rows} == {p["sdk"] for p in presence} | set(before)
    for r in rows:
        assert r["apps_embedding"] == len(embedding[r["sdk"]])
        assert r["apps_before_consent"] == len(before[r["sdk"]])
        assert r["apps_silent"] == len(silent[r["sdk"]])
    order = [(-r["apps_before_consent"], -r["apps_embedding"], r["sdk"]) for r in rows]
    assert order == sorted(order)
    store.close()


def test_a_schema_2_store_gets_the_summary_indices(synthetic: Path, tmp_path: Path) -> None:
    copy = tmp_path / "harness.db"
    copy.write_bytes(synthetic.read_bytes())
    store = Store(copy)
    with store._engine.begin() as db:  # noqa: SLF001 - turn it back into a schema-2 store
        for name in schema.ADDED_IN_3:
            db.exec_driver_sql(f"DROP INDEX {name}")
        db.exec_driver_sql(
            "CREATE INDEX findings_actor ON findings (actor_kind, actor_name, rule, data, app)"
        )
    store.set_meta("schema", 2)
    before = list(SummaryQuery(store).sdk_rows(examples=2))
    store.close()

    migrated = Store(copy)
    assert migrated.get_meta("schema") == schema.STORE_SCHEMA == 3
    names = {r[0] for r in migrated.query("SELECT name FROM sqlite_master WHERE type='index'")}
    assert set(schema.ADDED_IN_3) <= names and not names & set(schema.DROPPED_IN_3)
    assert list(SummaryQuery(migrated).sdk_rows(examples=2)) == before
    plan = " ".join(
        str(r[-1])
        for r in migrated.query(
            "EXPLAIN QUERY PLAN SELECT app, rule FROM findings ORDER BY app, rule, first_offset_s"
        )
    )
    assert "findings_app" in plan and "TEMP B-TREE" not in plan
    migrated.close()

"""Read-only aggregations over the batch store: counts are aggregated by the database, long
tables streamed row by row.

Findings (and static SDK presence rows) exist only for an app's result attempt (done /
failed_app / timeout): `Store.finish` writes them in the same transaction as that state, which
is final, and an app has at most one result attempt, its latest (see `harness.batch.store`).
So the queries read `findings` without joining `jobs` to filter by state, and nothing is counted
twice. "Apps" per SDK counts distinct apps, however many findings or processes an app has.

Each query is shaped to the indices of `harness.batch.schema` (schema 3): the per-SDK ones read
the covering index `findings_sdk` in its order, the per-app ones `findings_app`, so neither
sorts. Small aggregates (overview, SDK ranking, inventory, per-rule shares) are computed once
per `SummaryQuery` and shared by the writers of one `harness summary`.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from harness.batch.store import Store

MAX_HOSTS = 20  # per SDK, rule and data category (the per-app table has them all)
LATEST = "SELECT app, MAX(id) AS id, COUNT(*) AS attempts FROM jobs GROUP BY app"
_SEP = "\x1f"  # joins a group's (app, report) pairs in one string (see _sdk_rows)
COUNTS = "SELECT app, COUNT(*) AS n FROM findings GROUP BY app"
APP_FIELDS = (
    "id",
    "app",
    "package",
    "source",
    "state",
    "device",
    "attempt",
    "attempts",
    "reason",
    "report_path",
    "started_at",
    "ended_at",
)
APP_SELECT = ", ".join("l.attempts" if f == "attempts" else f"j.{f}" for f in APP_FIELDS)
FINDING_FIELDS = (
    "app",
    "rule",
    "data",
    "api",
    "actor_kind",
    "actor_name",
    "actor_package",
    "process",
    "count",
    "first_at",
    "first_offset_s",
    "host",
)
FINDING_SELECT = ", ".join(FINDING_FIELDS)
SDK_RANKING = 10_000  # the workbook's ranking sheet; pages show the first 50


@dataclass
class Overview:
    store: str
    generated_at: str
    apps: int
    by_state: dict[str, int]
    apps_with_findings: int
    sdk_count: int
    findings: int
    devices: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SdkRow:
    sdk: str
    vendor: str
    package: str
    rule: str
    data: str
    apps: int
    examples: list[tuple[str, str]] = field(default_factory=list)  # (app, report path)
    hosts: list[str] = field(default_factory=list)  # sent_* rules: where the data went


class _Names:
    """(vendor, package) per (SDK, rule, data) from a stream in the per-SDK rows' order: taken
    step by step while the keys agree; should they not (a group added to the store between
    the two reads, while a batch runs), the rest of the stream is read into a dict."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self._rows = rows
        self._rest: dict[tuple[Any, ...], tuple[Any, Any]] | None = None

    def get(self, key: tuple[Any, ...]) -> tuple[Any, Any]:
        if self._rest is None:
            row = next(self._rows, None)
            if row is not None and tuple(row[:3]) == key:
                return row[3], row[4]
            self._rest = {tuple(r[:3]): (r[3], r[4]) for r in self._rows}
            if row is not None:
                self._rest[tuple(row[:3])] = (row[3], row[4])
        return self._rest.get(key, ("", ""))


class SummaryQuery:
    def __init__(self, store: Store) -> None:
        self.store = store

    @functools.cached_property
    def _overview(self) -> Overview:
        s = self.store
        by_state = s.app_states()
        # one pass over the index findings_app (no table read): apps with findings, findings
        row = s.query(f"SELECT COUNT(*) AS apps, COALESCE(SUM(n), 0) AS n FROM ({COUNTS}) c")[0]
        sdks = len(self._sdk_ranking)  # one row per SDK, unless there are more than it holds
        if sdks >= SDK_RANKING:
            sdks = int(
                s.query("SELECT COUNT(DISTINCT actor_name) FROM findings WHERE actor_kind = 'sdk'")[
                    0
                ][0]
            )
        devices = [dict(r) for r in s.query("SELECT * FROM devices ORDER BY name")]
        return Overview(
            store=s.location,
            generated_at=time.strftime("%Y-%m-%d %H:%M:%S %z"),
            apps=sum(by_state.values()),
            by_state=by_state,
            apps_with_findings=int(row["apps"]),
            sdk_count=sdks,
            findings=int(row["n"]),
            devices=devices,
        )

    def overview(self) -> Overview:
        return self._overview

    @functools.cached_property
    def rule_apps(self) -> dict[str, int]:
        """Per rule: in how many apps it was found (each app once, however many findings)."""
        rows = self.store.query(
            "SELECT rule, COUNT(*) AS apps FROM (SELECT DISTINCT app, rule FROM findings) d "
            "GROUP BY rule"
        )
        return {r["rule"]: int(r["apps"]) for r in rows}

    def sdk_rows(self, examples: int | None = 20) -> Iterator[SdkRow]:
        """Per SDK, rule and data category: in how many apps, with links to (some) reports
        (the first `examples` apps by app key; all of them with None)."""
        for row in self._sdk_rows:
            if examples is None or len(row.examples) <= examples:
                yield row
            else:
                yield dataclasses.replace(row, examples=row.examples[:examples])

    def sdk_rows_top(self, limit: int, examples: int) -> tuple[list[SdkRow], int]:
        """The `limit` rows with the most apps (ties by key), in the key order of `sdk_rows`,
        with their first `examples` apps; and how many rows there are in all (summary.html's
        bounded table)."""
        rows = self._sdk_rows
        if len(rows) > limit:
            chosen = sorted(range(len(rows)), key=lambda i: (-rows[i].apps, i))[:limit]
            rows = [rows[i] for i in sorted(chosen)]
        shown = [
            r
            if len(r.examples) <= examples
            else dataclasses.replace(r, examples=r.examples[:examples])
            for r in rows
        ]
        return shown, len(self._sdk_rows)

    @functools.cached_property
    def _sdk_rows(self) -> list[SdkRow]:
        """Every per-SDK row with all its example apps, read once for all the writers: its size
        is that of the distinct (SDK, rule, data, app) findings, a few tens of MB for 100,000
        apps, where each writer's own pass over the store cost about a second.

        The database groups them: per (SDK, rule, data), in findings_sdk's order, the counts
        and every (app, report) pair joined into one string (SQLAlchemy's `aggregate_strings`:
        group_concat on SQLite, string_agg on PostgreSQL), split here at C speed; a Python
        loop over the 350,000 pairs of a campaign was most of the summary's query time. App
        keys are the app's to choose, so a group whose split does not give its count (a key
        holding the separator) is read again pair by pair. Vendor and package (one stream) and
        the hosts of sent_* findings (another) are read in the same order and merged."""
        pair = "d.app || :sep || d.report_path"
        groups = self.store.rows(
            "SELECT d.sdk, d.rule, d.data, COUNT(*), "
            f"COUNT(DISTINCT d.app), {self._aggregate(pair)} FROM ("
            " SELECT actor_name AS sdk, rule, data, app,"
            " (SELECT j.report_path FROM jobs j WHERE j.id = f.job_id) AS report_path"
            " FROM findings f WHERE actor_kind = 'sdk'"
            " GROUP BY actor_name, rule, data, app, job_id) d"
            " GROUP BY d.sdk, d.rule, d.data ORDER BY d.sdk, d.rule, d.data",
            {"sep": _SEP},
        )
        # vendor and package per group straight from the covering index, in the same order:
        # taken inside the per-app grouping above they cost two MAX calls per (app, group)
        names = _Names(
            self.store.rows(
                "SELECT actor_name, rule, data, MAX(actor_vendor), MAX(actor_package)"
                " FROM findings WHERE actor_kind = 'sdk'"
                " GROUP BY actor_name, rule, data ORDER BY actor_name, rule, data"
            )
        )
        hosts = self.store.rows(
            "SELECT DISTINCT actor_name AS sdk, rule, data, host FROM findings "
            "WHERE actor_kind = 'sdk' AND host != '' "
            "ORDER BY sdk, rule, data, host"
        )
        by_host = itertools.groupby(hosts, key=operator.itemgetter(0, 1, 2))
        host_group = next(by_host, None)
        rows = []
        for sdk, rule, data, pairs, apps, joined in groups:
            vendor, package = names.get((sdk, rule, data))
            items = joined.split(_SEP) if joined else []
            if len(items) == 2 * pairs:
                examples = sorted(zip(items[0::2], items[1::2], strict=True))
            else:
                examples = self._examples(sdk, rule, data)
            sdk_row = SdkRow(
                sdk=sdk,
                vendor=vendor or "",
                package=package or "",
                rule=rule,
                data=data,
                apps=int(apps),
                examples=examples,
            )
            if host_group is not None and host_group[0] == (sdk, rule, data):
                sdk_row.hosts = [r[3] for r in itertools.islice(host_group[1], MAX_HOSTS)]
                host_group = next(by_host, None)
            rows.append(sdk_row)
        return rows

    def _aggregate(self, expr: str) -> str:
        """`expr` of a group's rows joined by _SEP, in the store's SQL dialect."""
        from sqlalchemy import func, literal_column

        agg = func.aggregate_strings(literal_column(expr), _SEP)
        dialect = self.store._engine.dialect  # noqa: SLF001 - compiled once per summary
        return str(agg.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    def _examples(self, sdk: str, rule: str, data: str) -> list[tuple[str, str]]:
        """One group's (app, report) pairs read row by row (an app key held the separator)."""
        rows = self.store.rows(
            "SELECT DISTINCT f.app, j.report_path FROM findings f JOIN jobs j ON j.id = f.job_id"
            " WHERE f.actor_kind = 'sdk' AND f.actor_name = :sdk AND f.rule = :rule"
            " AND f.data = :data",
            {"sdk": sdk, "rule": rule, "data": data},
        )
        return sorted((app, report) for app, report in rows)

    @functools.cached_property
    def _sdk_ranking(self) -> list[dict[str, Any]]:
        rows = self.store.query(
            "SELECT actor_name AS sdk, MAX(actor_vendor) AS vendor, "
            "COUNT(DISTINCT app) AS apps, "
            "COUNT(DISTINCT CASE WHEN rule = 'pre_consent' THEN app END) AS pre_consent_apps "
            "FROM findings WHERE actor_kind = 'sdk' "
            "GROUP BY actor_name ORDER BY pre_consent_apps DESC, apps DESC, sdk LIMIT :limit",
            {"limit": SDK_RANKING},
        )
        return [dict(r) for r in rows]

    def sdk_top(self, limit: int = 50) -> list[dict[str, Any]]:
        """SDKs by the number of apps in which they collected data before consent (or any rule)."""
        return [dict(r) for r in self._sdk_ranking[: min(limit, SDK_RANKING)]]

    @functools.cached_property
    def _sdk_inventory(self) -> list[dict[str, Any]]:
        from harness.batch.static_store import sdk_inventory

        return sdk_inventory(self.store)

    def sdk_inventory(self) -> list[dict[str, Any]]:
        """Per SDK: apps embedding it (static), apps where it collected before consent."""
        return [dict(r) for r in self._sdk_inventory]

    def apps(self) -> Iterator[dict[str, Any]]:
        """Each app's latest attempt with its findings (a list, possibly empty), by app key."""
        names: list[str] = []
        finding_names: list[str] = []
        for app, found in self.app_rows(names, finding_names):
            record = dict(zip(names, app, strict=True))
            record["findings"] = [dict(zip(finding_names, f, strict=True)) for f in found]
            yield record

    def app_rows(
        self, names: list[str] | None = None, finding_names: list[str] | None = None
    ) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """Each app's latest attempt (APP_FIELDS, a tuple) with its findings (FINDING_FIELDS
        tuples), by app key: two streams in the same order, merged."""
        jobs = self.store.rows(
            f"SELECT {APP_SELECT} FROM ({LATEST}) l JOIN jobs j ON j.id = l.id ORDER BY j.app",
            None,
            names,
        )
        # all findings are the latest attempt's (see the module's docstring)
        grouped = itertools.groupby(self.finding_rows(finding_names), key=operator.itemgetter(0))
        pending = next(grouped, None)
        for app in jobs:
            found: list[tuple[Any, ...]] = []
            if pending is not None and pending[0] == app[1]:
                found = list(pending[1])
                pending = next(grouped, None)
            yield app, found

    def app_counts(self) -> Iterator[tuple[Any, ...]]:
        """Each app's latest attempt (APP_FIELDS) and its number of findings, by app key (the
        workbook's apps sheet: counted by the database, no finding read)."""
        return self.store.rows(
            f"SELECT {APP_SELECT}, COALESCE(c.n, 0) AS findings FROM ({LATEST}) l "
            f"JOIN jobs j ON j.id = l.id LEFT JOIN ({COUNTS}) c ON c.app = l.app ORDER BY j.app"
        )

    def top_apps(self, limit: int) -> tuple[list[dict[str, Any]], int]:
        """summary.html's bounded per-app table: the `limit` apps with the most findings (ties
        by app key; apps without findings last), shown by app key, each with its findings;
        and how many apps there are in all."""
        top = (
            f"SELECT l.app, l.id, l.attempts, COALESCE(c.n, 0) AS n FROM ({LATEST}) l "
            f"LEFT JOIN ({COUNTS}) c ON c.app = l.app ORDER BY n DESC, l.app LIMIT :limit"
        )
        params = {"limit": limit}
        names: list[str] = []
        apps = [
            dict(zip(names, r, strict=True))
            for r in self.store.rows(
                f"SELECT {APP_SELECT} FROM ({top}) l JOIN jobs j ON j.id = l.id ORDER BY j.app",
                params,
                names,
            )
        ]
        fnames: list[str] = []
        found = self.store.rows(
            f"SELECT {FINDING_SELECT} FROM findings WHERE app IN (SELECT app FROM ({top}) t) "
            f"ORDER BY app, rule, first_offset_s, id",
            params,
            fnames,
        )
        grouped = itertools.groupby(found, key=operator.itemgetter(0))
        pending = next(grouped, None)
        for app in apps:
            app["findings"] = []
            if pending is not None and pending[0] == app["app"]:
                app["findings"] = [dict(zip(fnames, f, strict=True)) for f in pending[1]]
                pending = next(grouped, None)
        return apps, self.overview().apps

    @functools.cached_property
    def data_apps(self) -> list[dict[str, Any]]:
        """Per data category: in how many apps it was read under any rule, before consent, and
        by how many SDKs (each app and SDK once)."""
        rows = self.store.query(
            "SELECT data, COUNT(DISTINCT app) AS apps, "
            "COUNT(DISTINCT CASE WHEN rule IN ('pre_consent', 'sent_before_consent') "
            "THEN app END) AS pre_consent_apps, "
            "COUNT(DISTINCT CASE WHEN actor_kind = 'sdk' THEN actor_name END) AS sdks "
            "FROM findings GROUP BY data ORDER BY apps DESC, data"
        )
        return [dict(r) for r in rows]

    def findings(self) -> Iterator[dict[str, Any]]:
        """Every finding, by app, rule and time of the first call (findings_app's order)."""
        names: list[str] = []
        for row in self.finding_rows(names):
            yield dict(zip(names, row, strict=True))

    def finding_rows(self, names: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """Every finding as a FINDING_FIELDS tuple, in `findings`' order."""
        return self.store.rows(
            f"SELECT {FINDING_SELECT} FROM findings ORDER BY app, rule, first_offset_s, id",
            None,
            names,
        )

    @functools.cached_property
    def infra_count(self) -> int:
        """Infrastructure failures, every attempt (retried ones too)."""
        return int(self.store.query("SELECT COUNT(*) FROM jobs WHERE state = 'failed_infra'")[0][0])

    def infra_failures(self) -> Iterator[dict[str, Any]]:
        return self.store.iterate(
            "SELECT app, attempt, device, infra_kind, reason, report_path, ended_at "
            "FROM jobs WHERE state = 'failed_infra' ORDER BY id"
        )

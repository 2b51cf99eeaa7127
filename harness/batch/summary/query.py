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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from harness.batch.static_store import BEFORE_CONSENT
from harness.batch.store import Store
from harness.model import Rule

MAX_HOSTS = 20  # per SDK, rule and data category (the per-app table has them all)
LATEST = "SELECT app, MAX(id) AS id, COUNT(*) AS attempts FROM jobs GROUP BY app"
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


@dataclass(slots=True)  # 60,000 of them at 100,000 apps
class SdkRow:
    sdk: str
    vendor: str
    package: str
    rule: str
    data: str
    apps: int
    examples: list[tuple[str, str]] = field(default_factory=list)  # (app, report path)
    hosts: list[str] = field(default_factory=list)  # sent_* rules: where the data went


@dataclass
class _Totals:
    """Distinct apps per rule, data category and SDK (counts), and the findings in all."""

    findings: int = 0
    apps_with_findings: int = 0
    rule_apps: dict[str, int] = field(default_factory=dict)
    data_apps: dict[str, int] = field(default_factory=dict)
    data_before: dict[str, int] = field(default_factory=dict)  # BEFORE_CONSENT rules
    data_sdks: dict[str, int] = field(default_factory=dict)
    sdk_apps: dict[str, int] = field(default_factory=dict)
    sdk_pre_consent: dict[str, int] = field(default_factory=dict)
    sdk_vendor: dict[str, str] = field(default_factory=dict)


class _Sets:
    """The sets of app keys behind `_Totals`, kept only while the groups are read (at 100,000
    apps they are tens of MB; the counts are what the writers need)."""

    def __init__(self) -> None:
        self.findings = 0
        self.every: set[str] = set()
        self.keyed: dict[str, dict[str, set[str]]] = {
            name: {} for name in ("rule", "data", "before", "data_sdks", "sdk", "pre_consent")
        }
        self.vendor: dict[str, str] = {}

    def add(
        self, kind: str, actor: str, rule: str, data: str, count: int, vendor: str, apps: set[str]
    ) -> None:
        k = self.keyed
        self.findings += count
        self.every |= apps
        k["rule"].setdefault(rule, set()).update(apps)
        k["data"].setdefault(data, set()).update(apps)
        if rule in BEFORE_CONSENT:
            k["before"].setdefault(data, set()).update(apps)
        if kind != "sdk":
            return
        k["data_sdks"].setdefault(data, set()).add(actor)
        k["sdk"].setdefault(actor, set()).update(apps)
        self.vendor[actor] = max(self.vendor.get(actor, ""), vendor)
        if rule == Rule.pre_consent.value:
            k["pre_consent"].setdefault(actor, set()).update(apps)

    def counts(self) -> _Totals:
        def n(name: str) -> dict[str, int]:
            return {key: len(apps) for key, apps in self.keyed[name].items()}

        return _Totals(
            findings=self.findings,
            apps_with_findings=len(self.every),
            rule_apps=n("rule"),
            data_apps=n("data"),
            data_before=n("before"),
            data_sdks=n("data_sdks"),
            sdk_apps=n("sdk"),
            sdk_pre_consent=n("pre_consent"),
            sdk_vendor=self.vendor,
        )


Grouped = tuple[list[SdkRow], _Totals]  # what the one grouped read gives (`_read_grouped`)


class SummaryQuery:
    def __init__(self, store: Store, grouped: Callable[[], Grouped] | None = None) -> None:
        """`grouped`, when given, supplies the grouped read's result instead of this store
        (the workbook's child process gets it from `harness summary`, which reads it anyway)."""
        self.store = store
        self._given = grouped

    @functools.cached_property
    def _overview(self) -> Overview:
        s = self.store
        by_state = s.app_states()
        totals = self._totals
        devices = [dict(r) for r in s.query("SELECT * FROM devices ORDER BY name")]
        return Overview(
            store=s.location,
            generated_at=time.strftime("%Y-%m-%d %H:%M:%S %z"),
            apps=sum(by_state.values()),
            by_state=by_state,
            apps_with_findings=totals.apps_with_findings,
            sdk_count=len(totals.sdk_apps),
            findings=totals.findings,
            devices=devices,
        )

    def overview(self) -> Overview:
        return self._overview

    @functools.cached_property
    def rule_apps(self) -> dict[str, int]:
        """Per rule: in how many apps it was found (each app once, however many findings)."""
        return dict(self._totals.rule_apps)

    @functools.cached_property
    def _grouped(self) -> Grouped:
        return self._given() if self._given is not None else self._read_grouped()

    def grouped(self) -> Grouped:
        """The grouped read's per-SDK rows and counts (read once, shared by the writers)."""
        return self._grouped

    def read_grouped(self) -> Grouped:
        """The grouped read from this store, whatever was given (see `__init__`)."""
        return self._read_grouped()

    @property
    def _totals(self) -> _Totals:
        return self._grouped[1]

    def _read_grouped(self, jobs: dict[str, tuple[str, str]] | None = None) -> Grouped:
        """Every finding grouped by (actor kind, actor, rule, data), in findings_sdk's order:
        one read of that covering index (no sort, no table look-up) from which the per-SDK
        rows, the SDK ranking, the per-rule and per-data-category shares and the overview's
        counts are all derived. Each group carries its findings' job ids joined in one string
        (SQLAlchemy's `aggregate_strings`: group_concat on SQLite, string_agg on PostgreSQL;
        job ids are ours, digits only, so the split is exact), mapped to (app, report) through
        `jobs` (`_read_jobs`, read just before). Seven aggregate queries, each a pass over the
        findings with its own temporary B-trees for COUNT(DISTINCT ...), cost about 6 s of CPU
        at 100,000 apps; this pass and its set arithmetic, about one."""
        jobs = self._read_jobs() if jobs is None else jobs
        joined_ids = self._aggregate("CAST(job_id AS TEXT)", ",")
        cursor = self.store.rows(
            "SELECT actor_kind, actor_name, rule, data, COUNT(*), "
            f"MAX(actor_vendor), MAX(actor_package), {joined_ids} FROM findings "
            "GROUP BY actor_kind, actor_name, rule, data "
            "ORDER BY actor_kind, actor_name, rule, data"
        )
        first = operator.itemgetter(0)
        names: dict[str, str] = {}  # one str per distinct name (SDK rows repeat them)
        name = names.setdefault
        sets = _Sets()
        rows: list[SdkRow] = []
        for kind, actor, rule, data, count, vendor, package, joined in cursor:
            ids = joined.split(",") if joined else []
            try:
                # map/set/sorted run in C: a Python loop over the 340,000 ids was half this pass
                pairs = sorted(set(map(jobs.__getitem__, ids)))
            except KeyError:  # a job finished after `jobs` was read (a batch is running)
                jobs = self._read_jobs()  # a later snapshot has it
                pairs = sorted(set(map(jobs.__getitem__, ids)))
            apps = set(map(first, pairs))
            sets.add(kind, actor, rule, data, int(count), vendor or "", apps)
            if kind == "sdk":
                rows.append(
                    SdkRow(
                        sdk=name(actor, actor),
                        vendor=name(vendor or "", vendor or ""),
                        package=name(package or "", package or ""),
                        rule=name(rule, rule),
                        data=name(data, data),
                        apps=len(apps),
                        examples=pairs,
                    )
                )
        del jobs
        hosts = self._hosts()
        for row in rows:
            row.hosts = hosts.get((row.sdk, row.rule, row.data), [])
        return rows, sets.counts()

    def _read_jobs(self) -> dict[str, tuple[str, str]]:
        """(app, report path) by job id (as text, as the groups join them) of every result
        attempt: the only attempts with findings (see the module's docstring)."""
        rows = self.store.rows(
            "SELECT id, app, report_path FROM jobs WHERE state IN ('done', 'failed_app', 'timeout')"
        )
        return {str(job_id): (app, report or "") for job_id, app, report in rows}

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

    @property
    def _sdk_rows(self) -> list[SdkRow]:
        """Every per-SDK row with all its example apps, read once for all the writers."""
        return self._grouped[0]

    def _hosts(self) -> dict[tuple[str, str, str], list[str]]:
        """The first MAX_HOSTS hosts (in the database's order) per SDK group of sent_*
        findings; a dict, not a merge of the two streams, so that a group only one of the two
        reads saw (a batch writing between them) cannot put them out of step."""
        rows = self.store.rows(
            "SELECT DISTINCT actor_name AS sdk, rule, data, host FROM findings "
            "WHERE actor_kind = 'sdk' AND host != '' "
            "ORDER BY sdk, rule, data, host"
        )
        hosts: dict[tuple[str, str, str], list[str]] = {}
        for key, group in itertools.groupby(rows, key=operator.itemgetter(0, 1, 2)):
            hosts[key] = [r[3] for r in itertools.islice(group, MAX_HOSTS)]
        return hosts

    def _aggregate(self, expr: str, sep: str) -> str:
        """`expr` of a group's rows joined by `sep`, in the store's SQL dialect."""
        from sqlalchemy import func, literal_column

        agg = func.aggregate_strings(literal_column(expr), sep)
        dialect = self.store._engine.dialect  # noqa: SLF001 - compiled once per summary
        return str(agg.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    @functools.cached_property
    def _sdk_ranking(self) -> list[dict[str, Any]]:
        t = self._totals
        rows: list[dict[str, Any]] = [
            {
                "sdk": sdk,
                "vendor": t.sdk_vendor[sdk],
                "apps": apps,
                "pre_consent_apps": t.sdk_pre_consent.get(sdk, 0),
            }
            for sdk, apps in t.sdk_apps.items()
        ]
        rows.sort(key=lambda r: (-r["pre_consent_apps"], -r["apps"], r["sdk"]))
        return rows[:SDK_RANKING]

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
        jobs = self.latest_apps(names)
        # all findings are the latest attempt's (see the module's docstring)
        grouped = itertools.groupby(self.finding_rows(finding_names), key=operator.itemgetter(0))
        pending = next(grouped, None)
        for app in jobs:
            found: list[tuple[Any, ...]] = []
            if pending is not None and pending[0] == app[1]:
                found = list(pending[1])
                pending = next(grouped, None)
            yield app, found

    def latest_apps(self, names: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """Each app's latest attempt (APP_FIELDS, a tuple), by app key."""
        return self.store.rows(
            f"SELECT {APP_SELECT} FROM ({LATEST}) l JOIN jobs j ON j.id = l.id ORDER BY j.app",
            None,
            names,
        )

    def top_apps(self, limit: int) -> tuple[list[dict[str, Any]], int]:
        """summary.html's bounded per-app table: the `limit` apps with the most findings (ties
        by app key; apps without findings last), shown by app key, each with its findings;
        and how many apps there are in all. One read, the apps joined to their findings (an
        app without any: one row, its finding columns NULL): the top is counted once, where
        a read of the apps and one of their findings counted it twice (0.2-0.3 s each)."""
        top = (
            f"SELECT l.app, l.id, l.attempts, COALESCE(c.n, 0) AS n FROM ({LATEST}) l "
            f"LEFT JOIN ({COUNTS}) c ON c.app = l.app ORDER BY n DESC, l.app LIMIT :limit"
        )
        found = ", ".join(f"f.{name}" for name in FINDING_FIELDS)
        names: list[str] = []
        rows = self.store.rows(
            f"SELECT {APP_SELECT}, {found} FROM ({top}) l JOIN jobs j ON j.id = l.id "
            "LEFT JOIN findings f ON f.app = l.app "
            "ORDER BY j.app, f.rule, f.first_offset_s, f.id",
            {"limit": limit},
            names,
        )
        width = len(APP_FIELDS)
        apps: list[dict[str, Any]] = []
        for _, group in itertools.groupby(rows, key=operator.itemgetter(1)):  # by j.app
            first, *rest = group
            app = dict(zip(names[:width], first[:width], strict=True))
            app["findings"] = [
                dict(zip(FINDING_FIELDS, r[width:], strict=True))
                for r in (first, *rest)
                if r[width] is not None  # findings.app is NOT NULL: None is the join's
            ]
            apps.append(app)
        return apps, self.overview().apps

    @functools.cached_property
    def data_apps(self) -> list[dict[str, Any]]:
        """Per data category: in how many apps it was read under any rule, before consent, and
        by how many SDKs (each app and SDK once)."""
        t = self._totals
        rows: list[dict[str, Any]] = [
            {
                "data": data,
                "apps": apps,
                "pre_consent_apps": t.data_before.get(data, 0),
                "sdks": t.data_sdks.get(data, 0),
            }
            for data, apps in t.data_apps.items()
        ]
        rows.sort(key=lambda r: (-r["apps"], r["data"]))
        return rows

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

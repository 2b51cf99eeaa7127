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
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from harness.batch.store import Store

MAX_HOSTS = 20  # per SDK, rule and data category (the per-app table has them all)
LATEST = "SELECT app, MAX(id) AS id, COUNT(*) AS attempts FROM jobs GROUP BY app"
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


class SummaryQuery:
    def __init__(self, store: Store) -> None:
        self.store = store

    @functools.cached_property
    def _overview(self) -> Overview:
        s = self.store
        by_state = s.app_states()
        row = s.query(
            "SELECT COUNT(DISTINCT app) AS apps, COUNT(*) AS n, "
            "COUNT(DISTINCT CASE WHEN actor_kind = 'sdk' THEN actor_name END) AS sdks "
            "FROM findings"
        )[0]
        devices = [dict(r) for r in s.query("SELECT * FROM devices ORDER BY name")]
        return Overview(
            store=s.location,
            generated_at=time.strftime("%Y-%m-%d %H:%M:%S %z"),
            apps=sum(by_state.values()),
            by_state=by_state,
            apps_with_findings=int(row["apps"]),
            sdk_count=int(row["sdks"]),
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

    @functools.cached_property
    def _sdk_rows(self) -> list[SdkRow]:
        """Every per-SDK row with all its example apps, read once for all the writers: its size
        is that of the distinct (SDK, rule, data, app) findings, a few tens of MB for 100,000
        apps, where each writer's own pass over the store cost about a second.

        Three streams in the same order (SDK, rule, data; the first two in findings_sdk's
        order, so neither is sorted), merged without holding a stream in memory: the counts,
        the apps (each with its report) and the hosts of sent_* findings."""
        counts = self.store.iterate(
            "SELECT actor_name AS sdk, MAX(actor_vendor) AS vendor, "
            "MAX(actor_package) AS package, rule, data, COUNT(DISTINCT app) AS apps "
            "FROM findings WHERE actor_kind = 'sdk' "
            "GROUP BY actor_name, rule, data ORDER BY actor_name, rule, data"
        )
        # the distinct (SDK, rule, data, app, job) come from the index; each report path is
        # then one primary-key look-up (a join before DISTINCT cost a sort of the whole join)
        links = self.store.iterate(
            "SELECT d.sdk, d.rule, d.data, d.app, "
            "(SELECT j.report_path FROM jobs j WHERE j.id = d.job_id) AS report_path FROM ("
            " SELECT DISTINCT actor_name AS sdk, rule, data, app, job_id FROM findings"
            " WHERE actor_kind = 'sdk') d ORDER BY d.sdk, d.rule, d.data, d.app"
        )
        hosts = self.store.iterate(
            "SELECT DISTINCT actor_name AS sdk, rule, data, host FROM findings "
            "WHERE actor_kind = 'sdk' AND host != '' "
            "ORDER BY sdk, rule, data, host"
        )
        by_host = itertools.groupby(hosts, key=lambda r: (r["sdk"], r["rule"], r["data"]))
        host_group = next(by_host, None)
        grouped = itertools.groupby(links, key=lambda r: (r["sdk"], r["rule"], r["data"]))
        pending = next(grouped, None)
        rows = []
        for row in counts:
            key = (row["sdk"], row["rule"], row["data"])
            sdk_row = SdkRow(
                sdk=row["sdk"],
                vendor=row["vendor"] or "",
                package=row["package"] or "",
                rule=row["rule"],
                data=row["data"],
                apps=int(row["apps"]),
            )
            if pending is not None and pending[0] == key:
                sdk_row.examples = [(r["app"], r["report_path"]) for r in pending[1]]
                pending = next(grouped, None)
            if host_group is not None and host_group[0] == key:
                sdk_row.hosts = [r["host"] for r in itertools.islice(host_group[1], MAX_HOSTS)]
                host_group = next(by_host, None)
            rows.append(sdk_row)
        return rows

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
        jobs = self.store.iterate(
            f"SELECT j.id, j.app, j.package, j.source, j.state, j.device, j.attempt, "
            f"l.attempts, j.reason, j.report_path, j.started_at, j.ended_at "
            f"FROM ({LATEST}) l JOIN jobs j ON j.id = l.id ORDER BY j.app"
        )
        # all findings are the latest attempt's (see the module's docstring)
        grouped = itertools.groupby(self.findings(), key=lambda r: r["app"])
        pending = next(grouped, None)
        for app in jobs:
            app["findings"] = []
            if pending is not None and pending[0] == app["app"]:
                app["findings"] = list(pending[1])
                pending = next(grouped, None)
            yield app

    def findings(self) -> Iterator[dict[str, Any]]:
        """Every finding, by app, rule and time of the first call (findings_app's order)."""
        return self.store.iterate(
            "SELECT app, rule, data, api, actor_kind, actor_name, actor_package, "
            "process, count, first_at, first_offset_s, host FROM findings "
            "ORDER BY app, rule, first_offset_s, id"
        )

    def infra_failures(self) -> Iterator[dict[str, Any]]:
        return self.store.iterate(
            "SELECT app, attempt, device, infra_kind, reason, report_path, ended_at "
            "FROM jobs WHERE state = 'failed_infra' ORDER BY id"
        )

"""Read-only aggregations over the batch store, each streamed row by row.

Only an app's result attempt (done / failed_app / timeout; at most one per app, see
`harness.batch.store`) contributes findings, so nothing is counted twice. "Apps" per SDK counts
distinct apps, however many findings or processes an app has.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from harness.batch.store import RESULT_STATES, Store

_RESULTS = "(" + ", ".join(f"'{s}'" for s in RESULT_STATES) + ")"
MAX_HOSTS = 20  # per SDK, rule and data category (the per-app table has them all)
LATEST = "SELECT app, MAX(id) AS id, COUNT(*) AS attempts FROM jobs GROUP BY app"


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

    def overview(self) -> Overview:
        s = self.store
        by_state = s.app_states()
        row = s.query(
            f"SELECT COUNT(DISTINCT f.app) AS apps, COUNT(*) AS n, "
            f"COUNT(DISTINCT CASE WHEN f.actor_kind = 'sdk' THEN f.actor_name END) AS sdks "
            f"FROM findings f JOIN jobs j ON j.id = f.job_id WHERE j.state IN {_RESULTS}"
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

    def sdk_rows(self, examples: int | None = 20) -> Iterator[SdkRow]:
        """Per SDK, rule and data category: in how many apps, with links to (some) reports."""
        limit = "" if examples is None else f"WHERE rn <= {int(examples)}"
        counts = self.store.iterate(
            f"SELECT f.actor_name AS sdk, MAX(f.actor_vendor) AS vendor, "
            f"MAX(f.actor_package) AS package, f.rule, f.data, COUNT(DISTINCT f.app) AS apps "
            f"FROM findings f JOIN jobs j ON j.id = f.job_id "
            f"WHERE f.actor_kind = 'sdk' AND j.state IN {_RESULTS} "
            f"GROUP BY f.actor_name, f.rule, f.data ORDER BY f.actor_name, f.rule, f.data"
        )
        links = self.store.iterate(
            f"SELECT sdk, rule, data, app, report_path FROM ("
            f" SELECT sdk, rule, data, app, report_path, ROW_NUMBER() OVER ("
            f"  PARTITION BY sdk, rule, data ORDER BY app) AS rn FROM ("
            f"   SELECT DISTINCT f.actor_name AS sdk, f.rule, f.data, f.app, j.report_path "
            f"   FROM findings f JOIN jobs j ON j.id = f.job_id "
            f"   WHERE f.actor_kind = 'sdk' AND j.state IN {_RESULTS}) d) r {limit} "
            f"ORDER BY sdk, rule, data, app"
        )
        hosts = self.store.iterate(
            f"SELECT DISTINCT f.actor_name AS sdk, f.rule, f.data, f.host "
            f"FROM findings f JOIN jobs j ON j.id = f.job_id "
            f"WHERE f.actor_kind = 'sdk' AND f.host != '' AND j.state IN {_RESULTS} "
            f"ORDER BY sdk, rule, data, host"
        )
        by_host = itertools.groupby(hosts, key=lambda r: (r["sdk"], r["rule"], r["data"]))
        host_group = next(by_host, None)
        grouped = itertools.groupby(links, key=lambda r: (r["sdk"], r["rule"], r["data"]))
        pending = next(grouped, None)
        # The streams are in the same order: merge them without holding any in memory.
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
            yield sdk_row

    def sdk_top(self, limit: int = 50) -> list[dict[str, Any]]:
        """SDKs by the number of apps in which they collected data before consent (or any rule)."""
        rows = self.store.query(
            f"SELECT f.actor_name AS sdk, MAX(f.actor_vendor) AS vendor, "
            f"COUNT(DISTINCT f.app) AS apps, "
            f"COUNT(DISTINCT CASE WHEN f.rule = 'pre_consent' THEN f.app END) AS pre_consent_apps "
            f"FROM findings f JOIN jobs j ON j.id = f.job_id "
            f"WHERE f.actor_kind = 'sdk' AND j.state IN {_RESULTS} "
            f"GROUP BY f.actor_name ORDER BY pre_consent_apps DESC, apps DESC, sdk LIMIT :limit",
            {"limit": limit},
        )
        return [dict(r) for r in rows]

    def sdk_inventory(self) -> list[dict[str, Any]]:
        """Per SDK: apps embedding it (static), apps where it collected before consent."""
        from harness.batch.static_store import sdk_inventory

        return sdk_inventory(self.store, _RESULTS)

    def apps(self) -> Iterator[dict[str, Any]]:
        """Each app's latest attempt with its findings (a list, possibly empty), by app key."""
        jobs = self.store.iterate(
            f"SELECT j.id, j.app, j.package, j.source, j.state, j.device, j.attempt, "
            f"l.attempts, j.reason, j.report_path, j.started_at, j.ended_at "
            f"FROM ({LATEST}) l JOIN jobs j ON j.id = l.id ORDER BY j.app"
        )
        findings = self.store.iterate(
            f"SELECT f.app, f.rule, f.data, f.api, f.actor_kind, f.actor_name, f.actor_package, "
            f"f.process, f.count, f.first_at, f.first_offset_s, f.host FROM ({LATEST}) l "
            f"JOIN findings f ON f.job_id = l.id ORDER BY f.app, f.rule, f.first_offset_s"
        )
        grouped = itertools.groupby(findings, key=lambda r: r["app"])
        pending = next(grouped, None)
        for job in jobs:
            app = dict(job)
            app["findings"] = []
            if pending is not None and pending[0] == app["app"]:
                app["findings"] = [dict(f) for f in pending[1]]
                pending = next(grouped, None)
            yield app

    def infra_failures(self) -> Iterator[dict[str, Any]]:
        return (
            dict(r)
            for r in self.store.iterate(
                "SELECT app, attempt, device, infra_kind, reason, report_path, ended_at "
                "FROM jobs WHERE state = 'failed_infra' ORDER BY id"
            )
        )

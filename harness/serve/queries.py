"""The dashboard's read queries, each bounded so a page costs the same at 10 or 100,000 apps.

Lists are keyset-paginated (`app > :after ORDER BY app LIMIT n`, walking the `jobs_app`
index), never OFFSET (which reads every skipped row). An app's state is that of its latest
attempt (the highest job id of the app). Findings and SDK presence rows are written only
with an app's result attempt (`Store.finish`, in one transaction), at most one per app, and a
result is final: so per-SDK counts read those tables alone, without joining the jobs. Filters
on findings select job ids through `findings_sdk` (SDK) or `findings_rule` (rule, data).
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from harness.batch.static_store import BEFORE_CONSENT
from harness.batch.store import RESULT_STATES
from harness.serve.models import (
    AppDetail,
    AppPage,
    AppRow,
    Attempt,
    DeviceState,
    FindingRow,
    HostState,
    InfraFailure,
    InfraPage,
    Overview,
    SdkApp,
    SdkCategory,
    SdkDetail,
    SdkList,
    SdkPresenceRow,
    SdkSummary,
    StateCounts,
)
from harness.serve.search import NameIndex
from harness.serve.source import ReadOnlyStore

RESULTS = "(" + ", ".join(f"'{s}'" for s in RESULT_STATES) + ")"
FAILED = ("failed_app", "timeout", "failed_infra")
LATEST = "j.id = (SELECT MAX(k.id) FROM jobs k WHERE k.app = j.app)"
THROUGHPUT_WINDOW_MIN = 10
PAGE = 50
MAX_PAGE = 200
FEW_MATCHES = 5000  # rows of a filter below which the page sorts the matches (apps())
WINDOW = 5000  # jobs one page walks, at most (apps())
SEARCH_WINDOW = 1000  # name-index candidates one page checks against further filters
MAX_FILTER = 200  # characters of a filter value (longer cannot match a stored name anyway)
MAX_KEY = 4 * MAX_FILTER  # characters of a cursor (an app key)


def _host(device: str) -> str:
    return device.split("/", 1)[0] if "/" in device else "local"


def _report(path: str | None) -> str | None:
    return path or None


def overview(store: ReadOnlyStore, now: float | None = None) -> Overview:
    now = time.time() if now is None else now
    # Apps by their latest attempt's state: every attempt counted (the jobs_state index), less
    # the attempts a later one replaced; only an infrastructure failure is ever followed by
    # another attempt (Store.finish, recover, retry_unroutable), so only those are looked at.
    by_state = {
        r["state"]: int(r["n"])
        for r in store.rows("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
    }
    replaced = int(
        store.scalar(
            "SELECT COUNT(*) FROM jobs j WHERE j.state = 'failed_infra' AND EXISTS ("
            " SELECT 1 FROM jobs k WHERE k.app = j.app AND k.id > j.id)"
        )
        or 0
    )
    if replaced:
        by_state["failed_infra"] -= replaced
    by_state = {s: n for s, n in by_state.items() if n}
    states = StateCounts(
        done=by_state.get("done", 0),
        running=by_state.get("running", 0),
        failed=sum(by_state.get(s, 0) for s in FAILED),
        queued=by_state.get("queued", 0),
        by_state=by_state,
    )
    since = now - THROUGHPUT_WINDOW_MIN * 60
    recent = int(
        store.scalar(
            f"SELECT COUNT(*) FROM jobs WHERE ended_at >= :since AND state IN {RESULTS}",
            {"since": since},
        )
        or 0
    )
    # the window is shorter while the campaign is younger than it (its first job's queue time)
    first = store.scalar("SELECT queued_at FROM jobs WHERE id = (SELECT MIN(id) FROM jobs)")
    span_min = max((now - float(first)) / 60 if first is not None else THROUGHPUT_WINDOW_MIN, 0.5)
    rate = recent / min(span_min, THROUGHPUT_WINDOW_MIN)
    pending = states.queued + states.running
    eta = pending / rate * 60 if rate > 0 else None
    running = {
        r["device"]: r
        for r in store.rows(
            "SELECT device, app, started_at FROM jobs WHERE state = 'running' ORDER BY id"
        )
    }
    devices = [
        DeviceState(
            name=d["name"],
            host=_host(d["name"]),
            state=d["state"],
            consecutive_failures=int(d["consecutive_failures"]),
            apps_done=int(d["apps_done"]),
            reason=d["reason"],
            updated_at=float(d["updated_at"]),
            running_app=running[d["name"]]["app"] if d["name"] in running else None,
            running_since=running[d["name"]]["started_at"] if d["name"] in running else None,
        )
        for d in store.rows("SELECT * FROM devices ORDER BY name")
    ]
    hosts: dict[str, HostState] = {}
    for d in devices:
        h = hosts.setdefault(
            d.host, HostState(host=d.host, devices=0, ok=0, quarantined=0, running=0, apps_done=0)
        )
        h.devices += 1
        h.ok += d.state == "ok"
        h.quarantined += d.state == "quarantined"
        h.running += d.running_app is not None
        h.apps_done += d.apps_done
    return Overview(
        store=store.location,
        generated_at=now,
        apps=sum(by_state.values()),
        states=states,
        throughput_per_min=round(rate, 2),
        window_min=THROUGHPUT_WINDOW_MIN,
        eta_s=round(eta, 1) if eta is not None else None,
        hosts=sorted(hosts.values(), key=lambda h: h.host),
        devices=devices,
    )


def store_version(store: ReadOnlyStore) -> tuple[tuple[str, int, int], ...]:
    """What changes whenever a job is added, claimed or finished (findings and SDK presence
    rows are written with a result): jobs per state with their highest id, from the
    jobs_state index alone. The kept whole-store answers are recounted only when it changed."""
    return tuple(
        (str(state), int(n), int(top))
        for state, n, top in store.tuples(
            "SELECT state, COUNT(*), MAX(id) FROM jobs GROUP BY state ORDER BY state"
        )
    )


def sdks(store: ReadOnlyStore) -> SdkList:
    """Per SDK seen statically or in a finding: the summary's per-SDK inventory, as two grouped
    scans (the static one over `sdk_presence`, the dynamic one over `findings_sdk`)."""
    rules = ", ".join(f"'{r}'" for r in BEFORE_CONSENT)
    as_of = time.time()
    # one sdk_presence row per (result attempt, SDK), one result per app: sums count apps
    static = {
        r["sdk"]: r
        for r in store.rows(
            "SELECT sdk, MAX(vendor) AS vendor, SUM(embedded) AS embedding,"
            " SUM(CASE WHEN status = 'silent' THEN 1 ELSE 0 END) AS silent,"
            " SUM(CASE WHEN status = 'not_in_static' THEN 1 ELSE 0 END) AS not_static"
            " FROM sdk_presence GROUP BY sdk"
        )
    }
    dynamic = {
        r["sdk"]: r
        for r in store.rows(
            f"SELECT actor_name AS sdk, COUNT(DISTINCT app) AS apps FROM findings"
            f" WHERE actor_kind = 'sdk' AND rule IN ({rules}) GROUP BY actor_name"
        )
    }
    out = [
        SdkSummary(
            sdk=name,
            vendor=(static.get(name) or {}).get("vendor") or "",
            apps_embedding=int((static.get(name) or {}).get("embedding") or 0),
            apps_before_consent=int((dynamic.get(name) or {}).get("apps") or 0),
            apps_silent=int((static.get(name) or {}).get("silent") or 0),
            apps_not_in_static=int((static.get(name) or {}).get("not_static") or 0),
        )
        for name in static.keys() | dynamic.keys()
    ]
    out.sort(key=lambda r: (-r.apps_before_consent, -r.apps_embedding, r.sdk))
    return SdkList(as_of=as_of, sdks=out)


def sdk_categories(store: ReadOnlyStore, sdk: str) -> list[SdkCategory]:
    """Per rule and data category: in how many apps the SDK broke it (findings_sdk alone)."""
    return [
        SdkCategory(rule=r["rule"], data=r["data"], apps=int(r["apps"]))
        for r in store.rows(
            "SELECT f.rule, f.data, COUNT(DISTINCT f.app) AS apps FROM findings f "
            "WHERE f.actor_kind = 'sdk' AND f.actor_name = :sdk "
            "GROUP BY f.rule, f.data ORDER BY apps DESC, f.rule, f.data",
            {"sdk": sdk[:MAX_FILTER]},
        )
    ]


def every_sdk_categories(store: ReadOnlyStore) -> dict[str, list[tuple[str, str, int]]]:
    """`sdk_categories` of every SDK at once, as (rule, data, apps): one walk of findings_sdk
    in its own order (the index covers actor, rule, data and app: no table reads, no sort),
    kept by the server beside the inventory, so that an SDK's page never counts its findings
    on a request. Plain tuples: 60,000 of them at 100,000 apps, made into models per page."""
    out: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for sdk, rule, data, n in store.tuples(
        "SELECT f.actor_name, f.rule, f.data, COUNT(DISTINCT f.app) FROM findings f"
        " WHERE f.actor_kind = 'sdk' GROUP BY f.actor_name, f.rule, f.data"
    ):
        out[sdk].append((rule, data, int(n)))
    for rows in out.values():
        rows.sort(key=lambda c: (-c[2], c[0], c[1]))  # as sdk_categories orders them
    return dict(out)


def sdk_detail(
    store: ReadOnlyStore,
    sdk: str,
    after: str = "",
    limit: int = PAGE,
    categories: list[SdkCategory] | None = None,
) -> SdkDetail:
    """One SDK: its categories (given, when the caller keeps them) and a page of its apps."""
    limit = _limit(limit)
    params = {"sdk": sdk[:MAX_FILTER]}
    of_sdk = "f.actor_kind = 'sdk' AND f.actor_name = :sdk"
    if categories is None:
        categories = sdk_categories(store, sdk)
    # the first row of each says who the vendor is (no scan for a non-empty one)
    vendor = store.scalar(
        "SELECT v FROM (SELECT vendor AS v FROM sdk_presence WHERE sdk = :sdk LIMIT 1) x"
        f" UNION ALL SELECT v FROM (SELECT actor_vendor AS v FROM findings f WHERE {of_sdk}"
        " LIMIT 1) y",
        params,
    )
    page = apps(store, sdk=sdk, after=after, limit=limit, only_sdk=True)
    listed = [
        SdkApp(app=a.app, package=a.package, rules=a.rules, data=a.data, report=a.report)
        for a in page.apps
    ]
    return SdkDetail(
        sdk=sdk,
        vendor=vendor or "",
        categories=categories,
        apps=listed,
        next=page.next,
        scanned_to=page.scanned_to,
    )


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_PAGE))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def rules_present(store: ReadOnlyStore) -> list[str]:
    """The distinct rules of the findings, by a loose scan of findings_rule (one index seek per
    rule, both backends): `rule IN (these) AND data = :d` then seeks that index per rule, where
    `data = :d` alone would read every finding."""
    return [
        str(r["v"])
        for r in store.rows(
            "WITH RECURSIVE r(v) AS (SELECT MIN(rule) FROM findings UNION ALL"
            " SELECT (SELECT MIN(rule) FROM findings WHERE rule > r.v) FROM r"
            " WHERE r.v IS NOT NULL) SELECT v FROM r WHERE v IS NOT NULL"
        )
    ]


def _window_end(store: ReadOnlyStore, after: str) -> str | None:
    """The last app key of the next WINDOW jobs in key order (an index walk alone), or None
    when fewer are left: a walking page looks at apps up to it and no further."""
    value = store.scalar(
        "SELECT app FROM jobs WHERE app > :after ORDER BY app LIMIT 1 OFFSET :w",
        {"after": after, "w": WINDOW - 1},
    )
    return None if value is None else str(value)


def _few(
    store: ReadOnlyStore, sql: str, params: dict[str, Any], lists: tuple[str, ...] = ()
) -> bool:
    """Whether a selection holds fewer than FEW_MATCHES rows (it reads at most that many)."""
    n = store.scalar(f"SELECT COUNT(*) FROM ({sql} LIMIT {FEW_MATCHES}) m", params, lists)
    return int(n or 0) < FEW_MATCHES


def apps(
    store: ReadOnlyStore,
    *,
    q: str = "",
    rule: str = "",
    sdk: str = "",
    data: str = "",
    state: str = "",
    after: str = "",
    limit: int = PAGE,
    only_sdk: bool = False,
    names: NameIndex | None = None,
) -> AppPage:
    """One page of apps (latest attempts) by app key, narrowed by every filter given
    (`only_sdk`: each app's rules and data are those of the `sdk` filter's findings alone).

    Every request's work is bounded whatever the filters: the page's rows come from the name
    index's candidates (`q`, at most WINDOW), from an index range of fewer than FEW_MATCHES
    rows (a rare filter), or from a walk of at most WINDOW jobs in key order (a common one).
    A page that stopped at such a bound before filling says where (`scanned_to`), and `next`
    continues from there: it may hold fewer than `limit` apps without being the last."""
    limit = _limit(limit)
    after = after[:MAX_KEY]
    q = q[:MAX_FILTER].replace("\x00", "")  # a NUL never matches a name (search.SEP)
    where = ["j.app > :after"]
    params: dict[str, Any] = {"after": after, "n": limit + 1}
    lists: tuple[str, ...] = ()
    if q:
        # SQLite's LIKE ignores ASCII case already; PostgreSQL's ILIKE does the same
        like = "LIKE" if store.is_sqlite else "ILIKE"
        where.append(f"(j.app {like} :q ESCAPE '\\' OR j.package {like} :q ESCAPE '\\')")
        params["q"] = _like(q)
    terms: list[tuple[str, str]] = []  # (findings column, parameter)
    if sdk:
        params["kind"], params["sdk"] = "sdk", sdk[:MAX_FILTER]
        terms += [("actor_kind", "kind"), ("actor_name", "sdk")]
    if rule:
        params["rule"] = rule[:MAX_FILTER]
        terms.append(("rule", "rule"))
    if data:
        params["data"] = data[:MAX_FILTER]
        terms.append(("data", "data"))
    if state:
        params["state"] = state[:MAX_FILTER]
    cond = " AND ".join(f"f.{col} = :{param}" for col, param in terms)
    if data and not rule:
        # every rule named, so that both indices (findings_rule, findings_sdk) seek by data
        params["rules"] = rules_present(store) or [""]
        cond += " AND f.rule IN :rules"
        lists += ("rules",)
    # the check of each job's findings through findings_job; `|| ''` keeps the planner from
    # the rule/actor indices there (scanning them for each job); it reads an index alone
    plain = " AND ".join(f"f.{col} || '' = :{param}" for col, param in terms)
    exists = f"EXISTS (SELECT 1 FROM findings f WHERE f.job_id = j.id AND {plain})"
    by_state = "j.state || '' = :state"  # tested on the rows the plan chose (not jobs_state)
    bound: str | None = None  # the last app key this page may look at
    # the plan, cheapest first: a rare findings filter or outcome (an index range of fewer
    # than FEW_MATCHES rows, sorted), the name index's candidates, else a bounded walk
    if terms and _few(store, f"SELECT 1 FROM findings f WHERE {cond}", params, lists):
        where.append(f"j.id IN (SELECT f.job_id FROM findings f WHERE {cond})")
        if state:
            where.append(by_state)
    elif state and _few(store, "SELECT 1 FROM jobs WHERE state = :state", params):
        where.append("j.id IN (SELECT k.id FROM jobs k WHERE k.state = :state)")
        if terms:
            where.append(exists)
    elif q and names is not None:
        # alone, the first limit + 1 candidates make the page (unless renamed since the build)
        found = names.search(q, after, SEARCH_WINDOW if terms or state else limit + 1)
        if not found.apps:
            return AppPage(apps=[], next=None, limit=limit, scanned_to=None)
        params["candidates"] = found.apps
        lists += ("candidates",)
        where.append("j.app IN :candidates")
        bound = None if found.exhausted else found.apps[-1]
        if terms:
            where.append(exists)
        if state:
            where.append(by_state)
    elif terms or state or q:
        bound = _window_end(store, after)
        if bound is not None:
            params["bound"] = bound
            where.append("j.app <= :bound")
        if state:
            where.append(by_state)
        if terms:
            where.append(exists)
    # the costliest test last, and only where it can fail: an attempt is only ever followed by
    # another after an infrastructure failure (Store.finish, recover, retry_unroutable)
    where.append(f"(j.state <> 'failed_infra' OR {LATEST})")
    jobs = store.rows(
        f"SELECT j.id, j.app, j.package, j.state, j.device, j.attempt, j.report_path "
        f"FROM jobs j WHERE {' AND '.join(where)} ORDER BY j.app LIMIT :n",
        params,
        lists,
    )
    more = len(jobs) > limit
    jobs = jobs[:limit]
    per_job: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if jobs:
        ids = ", ".join(str(int(j["id"])) for j in jobs)
        for f in store.rows(
            f"SELECT job_id, rule, data, actor_kind, actor_name FROM findings "
            f"WHERE job_id IN ({ids}) ORDER BY id"
        ):
            if only_sdk and (f["actor_kind"] != "sdk" or f["actor_name"] != sdk):
                continue
            per_job[int(f["job_id"])].append(f)
    rows = []
    for j in jobs:
        fs = per_job.get(int(j["id"]), [])
        rows.append(
            AppRow(
                app=j["app"],
                package=j["package"],
                state=j["state"],
                device=j["device"],
                attempt=int(j["attempt"]),
                rules=sorted({f["rule"] for f in fs}),
                sdks=sorted({f["actor_name"] for f in fs if f["actor_kind"] == "sdk"}),
                data=sorted({f["data"] for f in fs}),
                findings=len(fs),
                report=_report(j["report_path"]) if j["state"] in RESULT_STATES else None,
            )
        )
    if more and rows:
        return AppPage(apps=rows, next=rows[-1].app, limit=limit, scanned_to=None)
    return AppPage(apps=rows, next=bound, limit=limit, scanned_to=bound)


def app_detail(store: ReadOnlyStore, app: str) -> AppDetail | None:
    """An app's attempts (oldest first), its result's findings and SDK presence; the evidence
    files are listed by the caller (they are on disk, not in the store)."""
    attempts = store.rows(
        "SELECT * FROM jobs WHERE app = :app ORDER BY id", {"app": app[: MAX_FILTER * 4]}
    )
    if not attempts:
        return None
    last = attempts[-1]
    findings = store.rows(
        "SELECT * FROM findings WHERE job_id = :id ORDER BY rule, first_offset_s",
        {"id": last["id"]},
    )
    presence = store.rows(
        "SELECT * FROM sdk_presence WHERE job_id = :id ORDER BY sdk", {"id": last["id"]}
    )
    return AppDetail(
        app=last["app"],
        package=last["package"],
        source=last["source"],
        state=last["state"],
        reason=last["reason"],
        report=_report(last["report_path"]),
        attempts=[
            Attempt(
                attempt=int(a["attempt"]),
                state=a["state"],
                device=a["device"],
                started_at=a["started_at"],
                ended_at=a["ended_at"],
                infra_kind=a["infra_kind"],
                reason=a["reason"],
                report=_report(a["report_path"]),
            )
            for a in attempts
        ],
        findings=[FindingRow.model_validate(f) for f in findings],
        sdks=[
            SdkPresenceRow(
                sdk=p["sdk"],
                vendor=p["vendor"],
                status=p["status"],
                embedded=bool(p["embedded"]),
                calls=int(p["calls"]),
            )
            for p in presence
        ],
        files=[],
    )


def latest_attempt(store: ReadOnlyStore, app: str) -> int | None:
    value = store.scalar("SELECT MAX(attempt) FROM jobs WHERE app = :app", {"app": app})
    return int(value) if value is not None else None


def infra(store: ReadOnlyStore, before: int | None = None, limit: int = PAGE) -> InfraPage:
    """Infrastructure failures, newest first, with their reasons; counts per kind."""
    limit = _limit(limit)
    params: dict[str, Any] = {"n": limit + 1, "before": before if before is not None else 2**62}
    rows = store.rows(
        "SELECT id, app, attempt, device, infra_kind, reason, ended_at, report_path FROM jobs "
        "WHERE state = 'failed_infra' AND id < :before ORDER BY id DESC LIMIT :n",
        params,
    )
    by_kind = {
        r["infra_kind"] or "unknown": int(r["n"])
        for r in store.rows(
            "SELECT infra_kind, COUNT(*) AS n FROM jobs WHERE state = 'failed_infra' "
            "GROUP BY infra_kind ORDER BY n DESC"
        )
    }
    more = len(rows) > limit
    rows = rows[:limit]
    return InfraPage(
        failures=[
            InfraFailure(
                id=int(r["id"]),
                app=r["app"],
                attempt=int(r["attempt"]),
                device=r["device"],
                infra_kind=r["infra_kind"],
                reason=r["reason"],
                ended_at=r["ended_at"],
                report=_report(r["report_path"]),
            )
            for r in rows
        ],
        by_kind=by_kind,
        next=int(rows[-1]["id"]) if more and rows else None,
    )

"""What a campaign was run with, and what share of its apps broke each rule.

The settings and the device pool come from the store's meta records (written when the batch was
created); the shares from the database's aggregates: apps by the state of their latest attempt,
and per rule the apps where it was found (`SummaryQuery.rule_apps`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from harness import __version__
from harness.batch.store import Store
from harness.batch.summary.query import SummaryQuery

# Settings worth a line in the summary (the rest is in summary.json, in full).
SHOWN_SETTINGS = (
    "consent",
    "permissions",
    "window",
    "background_window",
    "dialog_timeout",
    "time_limit",
    "retries",
    "raw_values",
)


@dataclass
class RuleShare:
    rule: str
    apps: int
    percent: float


@dataclass
class Campaign:
    tool_version: str
    settings: dict[str, Any]
    shown: list[tuple[str, str]]  # (setting, value) for the page
    pool: dict[str, Any]
    apps: int
    tested: int  # apps with a result (done, app failure, timeout)
    with_findings: int
    with_findings_percent: float
    by_state_percent: dict[str, float]
    rules: list[RuleShare] = field(default_factory=list)


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def campaign(store: Store, query: SummaryQuery) -> Campaign:
    settings = store.get_meta("settings") or {}
    pool = store.get_meta("pool") or {}
    shown = [(k, _show(settings[k])) for k in SHOWN_SETTINGS if k in settings]
    case = settings.get("case") or {}
    shown += [(f"case.{k}", str(v)) for k, v in case.items() if v]
    by_state = query.overview().by_state
    by_rule = query.rule_apps
    with_findings = query.overview().apps_with_findings
    total = sum(by_state.values())
    tested = sum(n for s, n in by_state.items() if s in ("done", "failed_app", "timeout"))
    return Campaign(
        tool_version=__version__,
        settings=settings,
        shown=shown,
        pool=pool,
        apps=total,
        tested=tested,
        with_findings=with_findings,
        with_findings_percent=percent(with_findings, tested),
        by_state_percent={s: percent(n, total) for s, n in sorted(by_state.items())},
        rules=[
            RuleShare(rule, n, percent(n, tested))
            for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    )


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return "—" if value is None else str(value)

"""report.html: one self-contained page a tester can hand over (no external CSS, JS or fonts).

Everything the app controls (names, values, stacks, process and thread names) goes through
jinja2 autoescaping and is bounded in length. The timeline and the call table are aggregated or
capped, so the page stays small for runs with tens of thousands of calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from harness.atomic import write_atomic
from harness.attribution import Attributor, load_sdk_db
from harness.model import AnyEvent, CallEvent, Category, Finding, MarkerEvent, Rule, SendEvent
from harness.report.labels import labels
from harness.report.model import MarkerRecord, RunReport
from harness.report.network import send_row, sent_views
from harness.report.timeline import Timeline, build_timeline
from harness.rules import ActorSummary, by_actor, by_category
from harness.rules.phases import PhaseClock, group_occurrences
from harness.untrusted import clip

TEMPLATES = Path(__file__).with_name("templates")
MAX_CALL_ROWS = 300
MAX_FINDING_ROWS = 600  # report.json has them all; the page stays readable and small
MAX_STACKS = 200  # findings whose stack is shown inline
MAX_STACK_FRAMES = 64
MAX_VALUE_CHARS = 500
MAX_CONTACT_ROWS = 200


@dataclass
class CallRow:
    offset_s: float
    process: str
    thread: str
    category: str
    api: str
    actor: str
    phase: str
    value: str
    denied: bool


@dataclass
class ActorView:
    summary: ActorSummary
    rows: list[tuple[Finding, bool]]  # (finding, show its stack)
    hidden: int  # findings of this actor not listed


def _actor_views(findings: list[Finding]) -> list[ActorView]:
    views: list[ActorView] = []
    rows_left, stacks_left = MAX_FINDING_ROWS, MAX_STACKS
    for summary in by_actor(findings):
        shown = summary.findings[: max(rows_left, 0)]
        rows = []
        for f in shown:
            rows.append((f, stacks_left > 0))
            stacks_left -= 1
        rows_left -= len(shown)
        views.append(ActorView(summary, rows, len(summary.findings) - len(shown)))
    return views


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # always: the template is .html.j2, which select_autoescape would miss
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clip"] = clip
    return env


def render_html(
    report: RunReport,
    events: Sequence[AnyEvent],
    *,
    attributor: Attributor | None = None,
) -> str:
    """The page as a string; `attributor` names actors on the timeline (default: built-in SDKs)."""
    who = attributor or Attributor(load_sdk_db(), report.target.package)
    calls = sorted((e for e in events if isinstance(e, CallEvent)), key=lambda c: (c.ts, c.seq))
    marker_events = [e for e in events if isinstance(e, MarkerEvent)]
    t0 = report.resumed_at_ts or min((e.ts for e in events), default=0.0)
    markers = report.consent.markers or _markers_from_events(marker_events, t0)
    lab = labels()

    def phase_label(p: str) -> str:
        return lab.phase(p).both()

    by_cat = build_timeline(
        calls,
        markers,
        t0_ms=t0,
        phase_label=phase_label,
        row_of=lambda c: f"{lab.category(c.category.value).zh} {c.category.value}",
    )
    by_who = build_timeline(
        calls,
        markers,
        t0_ms=t0,
        phase_label=phase_label,
        row_of=lambda c: clip(who.attribute(c.stack).name, 40),
    )
    timelines = [("by data category / 按数据类别", by_cat), ("by actor / 按调用方", by_who)]
    sends = sorted((e for e in events if isinstance(e, SendEvent)), key=lambda s: (s.ts, s.seq))
    if sends:  # where the data went, on the same time axis
        by_host = build_timeline(
            sends,
            markers,
            t0_ms=t0,
            phase_label=phase_label,
            row_of=lambda s: clip(send_row(s), 40),
        )
        timelines.append(("sends by host / 按发送目标", by_host))
    clock = PhaseClock(
        marker_events,
        honour_accept=report.consent.outcome == "accepted" or not report.consent.markers,
    )
    rows = [
        CallRow(
            offset_s=round((c.ts - t0) / 1000.0, 3),
            process=c.process,
            thread=c.thread,
            category=c.category.value,
            api=c.api,
            actor=who.attribute(c.stack).name,
            phase=clock.state(c).phase.value,
            value=c.threw if c.denied and c.threw else (c.ret or ""),
            denied=c.denied,
        )
        for c in calls[:MAX_CALL_ROWS]
    ]
    rule_counts = {r.value: sum(1 for f in report.findings if f.rule is r) for r in Rule}
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            r=report,
            L=lab,
            rules=list(Rule),
            categories=list(Category),
            rule_counts=rule_counts,
            actors=_actor_views(report.findings),
            data_summary=by_category(report.findings),
            timelines=timelines,
            sent=sent_views(report),
            max_contacts=MAX_CONTACT_ROWS,
            markers=markers,
            calls=rows,
            call_total=len(calls),
            max_frames=MAX_STACK_FRAMES,
            max_value=MAX_VALUE_CHARS,
            max_stacks=MAX_STACKS,
        )
    )


def write_html(
    report: RunReport,
    events: Sequence[AnyEvent],
    path: Path,
    *,
    attributor: Attributor | None = None,
) -> None:
    write_atomic(path, render_html(report, events, attributor=attributor).encode("utf-8"))


def _markers_from_events(markers: list[MarkerEvent], t0: float) -> list[MarkerRecord]:
    # Without the controller's own records (an older or partial report), one line per occurrence.
    return [
        MarkerRecord(name=o.name.value, ts=o.ts, offset_s=round((o.ts - t0) / 1000.0, 3))
        for o in group_occurrences(markers)
    ]


__all__ = ["Timeline", "render_html", "write_html"]

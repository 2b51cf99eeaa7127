"""report.html: one self-contained page a tester can hand over (no external CSS, JS or fonts).

Everything the app controls (names, values, stacks, process and thread names) goes through
jinja2 autoescaping and is bounded in length. The timeline and the call table are aggregated or
capped, so the page stays small for runs with tens of thousands of calls, and it is drawn from
an `EventDigest` (harness.report.digest), so a flood of calls costs no more memory than a short
run (issue #14).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from harness.atomic import write_atomic
from harness.attribution import Attributor, load_sdk_db
from harness.catalog import default_catalog
from harness.model import (
    AnyEvent,
    Category,
    Finding,
    HookFailure,
    MarkerEvent,
    Rule,
)
from harness.report.digest import EventDigest
from harness.report.labels import labels
from harness.report.legal import RuleBasis, legal_basis
from harness.report.model import MarkerRecord, RunReport
from harness.report.network import send_row, sent_views
from harness.report.timeline import (
    Mark,
    Timeline,
    build_timeline,
    build_timeline_of,
    clock_label,
    inset_span_of,
)
from harness.rules import ActorSummary, by_actor, by_category
from harness.rules.phases import PhaseClock, group_occurrences
from harness.untrusted import clip, visible_markup

TEMPLATES = Path(__file__).with_name("templates")
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
class HookView:
    """One process's hook report as the page shows it: an app-side hook whose class this app
    never loaded is "not loaded by this app" (nothing to hook), not "missing"."""

    process: str
    pid: int
    hooked: list[str]
    not_loaded: list[HookFailure]
    missing: list[HookFailure]
    failed: list[HookFailure]


def _hook_views(report: RunReport) -> list[HookView]:
    app_side = {e.id for e in default_catalog().entries if e.side == "app"}
    views = []
    for h in report.hooks:
        deferred = [m for m in h.missing if m.id in app_side]
        views.append(
            HookView(
                process=h.process,
                pid=h.pid,
                hooked=h.hooked,
                not_loaded=deferred,
                missing=[m for m in h.missing if m.id not in app_side],
                failed=h.failed,
            )
        )
    return views


@dataclass
class TimelineView:
    title: str
    main: Timeline
    inset: Timeline | None  # the dense early part, enlarged


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
        finalize=visible_markup,  # terminal controls and bidi overrides shown, not active
        lstrip_blocks=True,
    )
    env.filters["clip"] = clip
    return env


def observed_end_s(report: RunReport) -> float:
    """Where the observed run ends, in seconds since the resume: the run's own record, else the
    background marker plus the background window (the timeline spans at least this)."""
    if report.observed_s:
        return report.observed_s
    end = max([m.offset_s for m in report.consent.markers] + [0.0])
    window = report.settings.get("background_window")
    for m in report.consent.markers:
        if m.name == "app_background" and isinstance(window, (int, float)):
            end = max(end, m.offset_s + float(window))
    return end


def _evidence_marks(report: RunReport) -> list[Mark]:
    return [
        Mark("screenshot", e.at_s, f"S{i}", f"screenshot {i}: {e.phase} at {e.at_s:.3f} s")
        for i, e in enumerate(report.evidence, start=1)
        if e.screenshot
    ]


def render_html(
    report: RunReport,
    events: Iterable[AnyEvent] | EventDigest,
    *,
    attributor: Attributor | None = None,
    for_print: bool = False,
    base_href: str | None = None,
) -> str:
    """The page as a string; `attributor` names actors on the timeline (default: built-in SDKs).

    `events`: the run's events (read once, one at a time), or the `EventDigest` the run
    gathered of them (harness.report.digest: what the page draws, bounded).
    `for_print` renders the PDF's variant: every stack and evidence section open (a closed
    <details> prints closed); `base_href` is where relative links (screenshots) resolve."""
    who = attributor or Attributor(load_sdk_db(), report.target.package)
    digest = events if isinstance(events, EventDigest) else EventDigest.of(events, who)
    marker_events = digest.markers
    t0 = report.resumed_at_ts or (digest.earliest if digest.earliest is not None else 0.0)
    markers = report.consent.markers or _markers_from_events(marker_events, t0)
    lab = labels()

    def phase_label(p: str) -> str:
        return lab.phase(p).both()

    end_s = observed_end_s(report)
    marks = _evidence_marks(report)
    counted = [((ts - t0) / 1000.0, n) for _, ts, _, n in digest.by_category.points()]
    timelines = []
    for title, histogram in (
        ("by data category / 按数据类别", digest.by_category),
        ("by actor / 按调用方", digest.by_actor),
    ):
        main = build_timeline_of(
            histogram.points(),
            markers,
            t0_ms=t0,
            phase_label=phase_label,
            end_s=end_s,
            marks=marks,
        )
        span = inset_span_of(counted, main.duration_s)
        inset = (
            build_timeline_of(
                histogram.points(),
                markers,
                t0_ms=t0,
                phase_label=phase_label,
                span=span,
                marks=marks,
            )
            if span
            else None
        )
        timelines.append(TimelineView(title, main, inset))
    sends = sorted(digest.sends, key=lambda s: (s.ts, s.seq))
    if sends:  # where the data went, on the same time axis
        by_host = build_timeline(
            sends,
            markers,
            t0_ms=t0,
            phase_label=phase_label,
            row_of=lambda s: clip(send_row(s), 60),
            end_s=end_s,
            marks=marks,
        )
        timelines.append(TimelineView("sends by host / 按发送目标", by_host, None))
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
        for c in digest.first_calls()
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
            clock=clock_label,
            hooks=_hook_views(report),
            legal=_legal(report),
            for_print=for_print,
            base_href=base_href,
            calls=rows,
            call_total=digest.calls,
            max_frames=MAX_STACK_FRAMES,
            max_value=MAX_VALUE_CHARS,
            max_stacks=MAX_STACKS,
        )
    )


def _legal(report: RunReport) -> list[RuleBasis]:
    """The clauses of every rule this run evaluated (report.legal, or the table for an older
    report.json that has none)."""
    if report.legal:
        return report.legal
    return legal_basis([r.value for r in Rule])


def write_html(
    report: RunReport,
    events: Iterable[AnyEvent] | EventDigest,
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


__all__ = ["Timeline", "observed_end_s", "render_html", "write_html"]

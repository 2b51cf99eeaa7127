"""The timeline of the HTML report, aggregated: calls per row per time bin, phase bands and marks,
already in SVG coordinates. Its size depends on rows x bins, never on the number of events
(10,000 calls still make at most rows x BINS rectangles).

It spans the whole observed run (to the end of the background window), ticks carry the offset
and the device clock, and every label is placed inside the picture (row labels are shortened to
the label column with the full text in a tooltip; mark labels are stacked in lanes and anchored
so they never run off the right edge). When most calls fall in a small part of the run (SDKs
read everything at start-up), `build_inset` gives a second, enlarged timeline of that part.

Marks are a list of `Mark(kind, offset_s, label, title)`. Kinds drawn today: `marker` (a consent
phase marker) and `screenshot` (a phase's evidence). A new kind (say `send`, a request that
carried a read value) is one more `Mark` in the `marks` argument and one CSS rule `.mark-<kind>`
in the template; nothing here needs to know it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TypeVar

from harness.model import CallEvent, Marker, SendEvent
from harness.report.model import MarkerRecord
from harness.rules.phases import Phase

BINS = 80
WIDTH = 1000  # px of the whole picture; the page scales it down, never wider than its column
MIN_LABEL_W = 120
MAX_LABEL_W = 260  # px for row labels: longer ones are shortened (full text in the tooltip)
RIGHT_PAD = 12
ROW_H = 18
LANE_H = 12  # one line of mark labels above the plot
MAX_LANES = 4
AXIS_H = 34  # tick offsets and device clock below the plot
MAX_ROWS = 30  # beyond this, the least active rows fold into "other"
# Estimated advance widths at the 11 px SVG font: CJK glyphs are about one em, Latin ~0.6 em.
NARROW_PX = 7.0
WIDE_PX = 11.5
INSET_SHARE = 0.6  # an inset when this share of the calls is in...
INSET_SPAN = 0.2  # ...at most this share of the run
INSET_MIN_CALLS = 3

E = TypeVar("E", CallEvent, SendEvent)  # calls, or sends (drawn the same way, never "denied")


@dataclass
class Cell:
    x: float
    w: float
    count: int
    denied: int
    opacity: float
    title: str


@dataclass
class Row:
    label: str  # as drawn (maybe shortened)
    full: str  # the whole label, for the tooltip
    total: int
    y: float = 0.0
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Band:
    phase: str
    x: float
    w: float
    title: str


@dataclass
class Mark:
    """Something that happened at one instant: a vertical line with a label above the plot."""

    kind: str  # marker | screenshot | ... (CSS class mark-<kind>)
    offset_s: float
    label: str
    title: str = ""
    x: float = 0.0
    lane: int = 0  # which line of labels above the plot
    anchor: str = "start"  # SVG text-anchor, "end" near the right edge


@dataclass
class Tick:
    x: float
    offset: str  # "+5 s"
    clock: str  # device time, "14:03:05" (UTC), or "" when the device time is unknown


@dataclass
class Timeline:
    width: int
    height: int
    plot_x: int
    plot_w: int
    top: int
    plot_bottom: int
    start_s: float
    duration_s: float
    rows: list[Row]
    bands: list[Band]
    marks: list[Mark]
    ticks: list[Tick]


def text_px(text: str) -> float:
    """Estimated width of text in the SVG font (no font metrics at render time)."""
    return sum(WIDE_PX if ord(ch) >= 0x2E80 else NARROW_PX for ch in text)


def shorten_to(text: str, px: float) -> str:
    if text_px(text) <= px:
        return text
    out = ""
    for ch in text:
        if text_px(out + ch + "…") > px:
            break
        out += ch
    return out + "…"


def clock_label(device_ms: float) -> str:
    if device_ms <= 0:
        return ""
    moment = datetime.fromtimestamp(device_ms / 1000.0, tz=timezone.utc)
    return moment.strftime("%H:%M:%S")


def build_timeline(
    calls: Iterable[E],
    markers: list[MarkerRecord],
    *,
    t0_ms: float,
    row_of: Callable[[E], str],
    phase_label: Callable[[str], str],
    end_s: float = 0.0,
    marks: Sequence[Mark] = (),
    span: tuple[float, float] | None = None,
    clock_t0_ms: float | None = None,
) -> Timeline:
    """Bin `calls` by `row_of(call)` and time since `t0_ms`; bands from `markers`, a mark per
    marker plus `marks`. The picture covers [0, end] with end at least `end_s` (the observed
    run), or exactly `span` (an inset). `clock_t0_ms` is the device time of offset 0 (default
    `t0_ms`), for the clock under each tick."""
    points = (
        (row_of(c), c.ts, isinstance(c, CallEvent) and c.denied, 1)  # sends draw like calls
        for c in calls
    )
    return build_timeline_of(
        points,
        markers,
        t0_ms=t0_ms,
        phase_label=phase_label,
        end_s=end_s,
        marks=marks,
        span=span,
        clock_t0_ms=clock_t0_ms,
    )


def build_timeline_of(
    points: Iterable[tuple[str, float, bool, int]],
    markers: list[MarkerRecord],
    *,
    t0_ms: float,
    phase_label: Callable[[str], str],
    end_s: float = 0.0,
    marks: Sequence[Mark] = (),
    span: tuple[float, float] | None = None,
    clock_t0_ms: float | None = None,
) -> Timeline:
    """`build_timeline` of counted points: (row, device time in ms, denied, calls), as
    harness.report.digest keeps them (the same picture as the calls one by one)."""
    offsets: list[tuple[str, float, bool, int]] = []
    for label, ts, denied, n in points:
        offsets.append((label, max(0.0, (ts - t0_ms) / 1000.0), denied, n))
    if span is None:
        last = max([o for _, o, _, _ in offsets] + [m.offset_s for m in markers] + [end_s, 1.0])
        last = max([last] + [m.offset_s for m in marks])
        step = _nice_ceiling(last / 6)  # 5-7 labelled ticks
        start, duration = 0.0, math.ceil(last * 1.01 / step) * step
    else:
        start, duration = span[0], span[1] - span[0]
        step = _nice_ceiling(duration / 6)
        offsets = [o for o in offsets if start <= o[1] <= span[1]]
    bin_s = duration / BINS
    counts: dict[str, dict[int, list[int]]] = {}
    totals: dict[str, int] = {}
    for label, offset, denied, n in offsets:
        b = min(BINS - 1, int((offset - start) / bin_s))
        cell = counts.setdefault(label, {}).setdefault(b, [0, 0])
        cell[0] += n
        cell[1] += n if denied else 0
        totals[label] = totals.get(label, 0) + n
    order = _fold(counts, totals)
    rows = [Row(label=lab, full=lab, total=totals[lab]) for lab in order]
    label_w = _label_width(rows)
    plot_x = int(label_w + 8)
    plot_w = WIDTH - plot_x - RIGHT_PAD
    scale = plot_w / duration

    def x_of(offset: float) -> float:
        return round(plot_x + (offset - start) * scale, 1)

    all_marks = [
        Mark("marker", m.offset_s, m.name, f"{m.name} at {m.offset_s:.3f} s")
        for m in markers
        if start <= m.offset_s <= start + duration
    ] + [m for m in marks if start <= m.offset_s <= start + duration]
    lanes = _place_marks(all_marks, x_of)
    top = 6 + lanes * LANE_H
    peak = max((n for row in counts.values() for n, _ in row.values()), default=1)
    for i, row in enumerate(rows):
        row.y = top + i * ROW_H
        row.label = shorten_to(f"{row.full} ({row.total})", label_w)
        for b, (n, d) in sorted(counts[row.full].items()):
            at = start + b * bin_s
            # the row label is beside the cell: keep the tooltip short (it repeats per cell)
            title = f"{n} @ {at:.2f}-{at + bin_s:.2f} s" + (f", {d} denied" if d else "")
            opacity = 0.3 + 0.7 * math.log1p(n) / math.log1p(peak)
            w = round(max(bin_s * scale, 2.0), 1)
            row.cells.append(Cell(x_of(at), w, n, d, round(opacity, 2), title))
    plot_bottom = top + max(1, len(rows)) * ROW_H
    bands = [
        Band(phase, x_of(a), round((b - a) * scale, 1), f"{phase_label(phase)}: {a:.1f}-{b:.1f} s")
        for phase, a, b in _clipped_spans(markers, start, start + duration)
        if b > a
    ]
    base = clock_t0_ms if clock_t0_ms is not None else t0_ms
    ticks = []
    for k in range(int(round(duration / step)) + 1):
        offset = start + k * step
        ticks.append(Tick(x_of(offset), f"+{offset:g} s", clock_label(base + offset * 1000)))
    return Timeline(
        width=WIDTH,
        height=int(plot_bottom + AXIS_H),
        plot_x=plot_x,
        plot_w=plot_w,
        top=int(top),
        plot_bottom=int(plot_bottom),
        start_s=start,
        duration_s=duration,
        rows=rows,
        bands=bands,
        marks=all_marks,
        ticks=ticks,
    )


def inset_span(call_offsets: Sequence[float], duration_s: float) -> tuple[float, float] | None:
    """The early part of the run worth enlarging: when at least INSET_SHARE of the calls happen
    within INSET_SPAN of the run's length from its start; None when the calls are spread out."""
    return inset_span_of([(o, 1) for o in call_offsets], duration_s)


def inset_span_of(
    counted: Iterable[tuple[float, int]], duration_s: float
) -> tuple[float, float] | None:
    """`inset_span` of (offset, calls at that offset) pairs."""
    ordered = sorted(counted)
    total = sum(n for _, n in ordered)
    if total < INSET_MIN_CALLS or duration_s <= 0:
        return None
    want = max(0, math.ceil(total * INSET_SHARE) - 1)  # the index of the cut in calls one by one
    seen = 0
    cut = ordered[-1][0]
    for offset, n in ordered:
        seen += n
        if seen > want:
            cut = offset
            break
    if cut > duration_s * INSET_SPAN:
        return None
    end = _nice_ceiling(max(cut * 1.1, 0.05))
    return (0.0, end) if end < duration_s * 0.5 else None


def _fold(counts: dict[str, dict[int, list[int]]], totals: dict[str, int]) -> list[str]:
    order = sorted(totals, key=lambda r: (-totals[r], r))
    if len(order) <= MAX_ROWS:
        return order
    other: dict[int, list[int]] = {}
    for label in order[MAX_ROWS - 1 :]:
        for b, (n, d) in counts.pop(label).items():
            cell = other.setdefault(b, [0, 0])
            cell[0] += n
            cell[1] += d
    folded = len(order) - MAX_ROWS + 1
    other_label = f"({folded} other rows)"
    counts[other_label] = other
    totals[other_label] = sum(n for n, _ in other.values())
    return order[: MAX_ROWS - 1] + [other_label]


def _label_width(rows: list[Row]) -> float:
    widest = max((text_px(f"{r.full} ({r.total})") for r in rows), default=0.0)
    return min(max(widest + 8, MIN_LABEL_W), MAX_LABEL_W)


def _place_marks(marks: list[Mark], x_of: Callable[[float], float]) -> int:
    """Give each mark a lane so that no two labels overlap; returns the number of lanes."""
    ends: list[float] = []  # per lane, where its last label ends
    for mark in sorted(marks, key=lambda m: m.offset_s):
        mark.x = x_of(mark.offset_s)
        w = text_px(mark.label) + 8  # a gap before the next label
        if mark.x + w > WIDTH - 2:
            mark.anchor = "end"
            left, right = mark.x - w, mark.x
        else:
            left, right = mark.x, mark.x + w
        for lane, end in enumerate(ends):
            if left > end:
                mark.lane = lane
                ends[lane] = right
                break
        else:
            if len(ends) < MAX_LANES:
                mark.lane = len(ends)
                ends.append(right)
            else:  # too crowded: the last lane, shortened to the space it has
                mark.lane = MAX_LANES - 1
                ends[-1] = right
    return max(1, len(ends))


def _clipped_spans(
    markers: list[MarkerRecord], start: float, end: float
) -> list[tuple[str, float, float]]:
    return [
        (phase, max(a, start), min(b, end))
        for phase, a, b in phase_spans(markers, end)
        if b > start
    ]


def phase_spans(markers: list[MarkerRecord], end_s: float) -> list[tuple[str, float, float]]:
    """Consecutive (phase, start, end) spans, the same phase logic as the rules use."""
    decided: str | None = None
    dialog = background = False
    spans: list[tuple[str, float, float]] = []
    start = 0.0

    def phase() -> str:
        if background:
            return str(Phase.background.value)
        if decided is not None:
            return decided
        return str((Phase.dialog_shown if dialog else Phase.before_dialog).value)

    for m in sorted(markers, key=lambda m: m.offset_s):
        before = phase()
        if m.name == Marker.consent_dialog_shown.value:
            dialog = True
        elif m.name == Marker.consent_accepted.value:
            decided = Phase.after_accept.value
        elif m.name == Marker.consent_refused.value:
            decided = Phase.after_refusal.value
        elif m.name == Marker.app_background.value:
            background = True
        elif m.name in (Marker.app_foreground.value, Marker.app_relaunched.value):
            background = False
        else:
            continue
        at = min(max(m.offset_s, start), end_s)
        if phase() != before:
            spans.append((before, start, at))
            start = at
    spans.append((phase(), start, end_s))
    return spans


def _nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 x 10^k that is >= x."""
    if x <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= x - 1e-12:
            return m * power
    return 10 * power

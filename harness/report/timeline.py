"""The timeline of the HTML report, aggregated: calls per row per time bin, phase bands and
marker lines, already in SVG coordinates. Its size depends on rows x bins, never on the number of
events (10,000 calls still make at most rows x BINS rectangles)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from harness.model import CallEvent, Marker
from harness.report.model import MarkerRecord
from harness.rules.phases import Phase

BINS = 80
LABEL_W = 230  # px for row labels
PLOT_W = 720
ROW_H = 18
TOP = 34  # room for marker labels
MAX_ROWS = 30  # beyond this, the least active rows fold into "other"


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
    label: str
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
class MarkerLine:
    name: str
    x: float
    offset_s: float


@dataclass
class Timeline:
    width: int
    height: int
    plot_x: int
    plot_w: int
    top: int
    duration_s: float
    rows: list[Row]
    bands: list[Band]
    markers: list[MarkerLine]
    ticks: list[tuple[float, str]]  # (x, label)


def build_timeline(
    calls: Iterable[CallEvent],
    markers: list[MarkerRecord],
    *,
    t0_ms: float,
    row_of: Callable[[CallEvent], str],
    phase_label: Callable[[str], str],
) -> Timeline:
    """Bin `calls` by `row_of(call)` and time since `t0_ms`; bands and lines from `markers`."""
    counts: dict[str, dict[int, list[int]]] = {}
    offsets: list[tuple[str, float, bool]] = []
    for call in calls:
        offsets.append((row_of(call), max(0.0, (call.ts - t0_ms) / 1000.0), call.denied))
    end = max([o for _, o, _ in offsets] + [m.offset_s for m in markers] + [1.0])
    step = _nice_ceiling(end / 6)  # 5-7 labelled ticks
    duration = math.ceil(end * 1.01 / step) * step
    bin_s = duration / BINS
    totals: dict[str, int] = {}
    for label, offset, denied in offsets:
        b = min(BINS - 1, int(offset / bin_s))
        cell = counts.setdefault(label, {}).setdefault(b, [0, 0])
        cell[0] += 1
        cell[1] += denied
        totals[label] = totals.get(label, 0) + 1
    order = sorted(totals, key=lambda r: (-totals[r], r))
    if len(order) > MAX_ROWS:
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
        order = order[: MAX_ROWS - 1] + [other_label]
    peak = max((n for row in counts.values() for n, _ in row.values()), default=1)
    scale = PLOT_W / duration
    rows: list[Row] = []
    for i, label in enumerate(order):
        row = Row(label=label, total=totals[label], y=TOP + i * ROW_H)
        for b, (n, d) in sorted(counts[label].items()):
            start = b * bin_s
            # the row label is beside the cell: keep the tooltip short (it repeats per cell)
            title = f"{n} @ {start:.1f}-{start + bin_s:.1f} s" + (f", {d} denied" if d else "")
            opacity = 0.3 + 0.7 * math.log1p(n) / math.log1p(peak)
            x = round(LABEL_W + start * scale, 1)
            w = round(max(bin_s * scale, 2.0), 1)
            row.cells.append(Cell(x, w, n, d, round(opacity, 2), title))
        rows.append(row)
    bands = [
        Band(
            phase, LABEL_W + a * scale, (b - a) * scale, f"{phase_label(phase)}: {a:.1f}-{b:.1f} s"
        )
        for phase, a, b in phase_spans(markers, duration)
        if b > a
    ]
    lines = [
        MarkerLine(m.name, LABEL_W + m.offset_s * scale, m.offset_s)
        for m in markers
        if 0 <= m.offset_s <= duration
    ]
    ticks = [
        (LABEL_W + k * step * scale, f"{k * step:g} s") for k in range(int(duration / step) + 1)
    ]
    height = TOP + max(1, len(rows)) * ROW_H + 22
    return Timeline(
        LABEL_W + PLOT_W + 10,
        int(height),
        LABEL_W,
        PLOT_W,
        TOP,
        duration,
        rows,
        bands,
        lines,
        ticks,
    )


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

"""The timeline: the whole observed span, labels inside the picture, an inset for dense early
calls, device time as a clock, extensible marks."""

from __future__ import annotations

from harness.model import CallEvent, Category
from harness.report.html import observed_end_s, render_html
from harness.report.model import MarkerRecord
from harness.report.timeline import (
    WIDTH,
    Mark,
    build_timeline,
    inset_span,
    text_px,
)

from .sample import T0, sample_events, sample_report


def _call(at: float, seq: int, category: Category = Category.device_id) -> CallEvent:
    return CallEvent(
        seq=seq,
        ts=T0 + at * 1000,
        pid=1,
        process="p",
        thread="main",
        api="a.B.c",
        category=category,
        stack=[],
    )


MARKERS = [
    MarkerRecord(name="consent_dialog_shown", ts=T0 + 500, offset_s=0.5),
    MarkerRecord(name="consent_accepted", ts=T0 + 15000, offset_s=15.0),
    MarkerRecord(name="app_background", ts=T0 + 25000, offset_s=25.0),
]


def _labels_inside(t: object) -> None:
    for m in t.marks:  # type: ignore[attr-defined]
        w = text_px(m.label)
        left, right = (m.x, m.x + w) if m.anchor == "start" else (m.x - w, m.x)
        assert 0 <= left and right <= WIDTH, (m.label, left, right)
    for row in t.rows:  # type: ignore[attr-defined]
        assert text_px(row.label) <= t.plot_x, row.label  # type: ignore[attr-defined]


def test_span_reaches_the_end_of_the_background_window(tmp_path) -> None:  # type: ignore[no-untyped-def]
    events = sample_events()
    report = sample_report(events, tmp_path)
    assert observed_end_s(report) == 35.0  # background at 25 s + the 10 s window
    report.observed_s = 36.2
    assert observed_end_s(report) == 36.2
    t = build_timeline(
        [_call(1.0, 1)],
        MARKERS,
        t0_ms=T0,
        row_of=lambda c: c.category.value,
        phase_label=str,
        end_s=36.2,
    )
    assert t.duration_s >= 36.2
    assert t.bands[-1].phase == "background"
    assert t.bands[-1].x + t.bands[-1].w == t.plot_x + t.plot_w
    assert t.ticks[0].clock == "22:13:20" and t.ticks[0].offset == "+0 s"


def test_labels_are_never_clipped_even_long_and_crowded() -> None:
    long_row = "com.very.long.sdk.name.that.goes.on." * 4 + "中文名称" * 5
    calls = [_call(0.1 * i, i) for i in range(30)]
    marks = [Mark("screenshot", 39.9, f"S{i}") for i in range(6)] + [
        Mark("send", 0.01 * i, f"POST tracker-{i}.example") for i in range(8)
    ]
    t = build_timeline(
        calls,
        MARKERS,
        t0_ms=T0,
        row_of=lambda c: long_row if c.seq % 2 else "short",
        phase_label=str,
        end_s=40.0,
        marks=marks,
    )
    _labels_inside(t)
    long = next(r for r in t.rows if r.full == long_row)
    assert long.label.endswith("…") and long.full == long_row  # the tooltip keeps it whole
    assert {m.kind for m in t.marks} == {"marker", "screenshot", "send"}
    assert len({m.lane for m in t.marks}) > 1  # crowded labels go to separate lanes


def test_dense_early_calls_get_an_enlarged_inset() -> None:
    calls = [_call(0.004 * i, i) for i in range(100)] + [_call(20.0, 200)]
    t = build_timeline(calls, MARKERS, t0_ms=T0, row_of=lambda c: "r", phase_label=str, end_s=35.0)
    span = inset_span([(c.ts - T0) / 1000 for c in calls], t.duration_s)
    assert span is not None and span[0] == 0.0 and 0.4 <= span[1] <= 1.0
    inset = build_timeline(
        calls, MARKERS, t0_ms=T0, row_of=lambda c: "r", phase_label=str, span=span
    )
    assert inset.rows[0].total == 100  # the late call is outside the inset
    assert len(inset.rows[0].cells) > 20  # spread over many bins, not one blob
    assert inset.ticks[-1].offset == f"+{span[1]:g} s"
    _labels_inside(inset)
    # Calls spread over the run need no inset.
    spread = [(i * 0.35) for i in range(100)]
    assert inset_span(spread, 35.0) is None


def test_the_page_shows_the_inset_and_the_clock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    events = sample_events(n_flood=0)
    report = sample_report(events, tmp_path)
    html = render_html(report, events)
    assert "22:13:23.000" in html  # consent_dialog_shown in the markers table, device clock
    assert 'class="tick-clock"' in html

"""The rules and the report's digest over a stream of calls (issue #14, the 1,000,000-call flood):
the same findings as `evaluate` over the whole list, whatever order the calls come in, while
holding aggregates only."""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Iterator

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.model import AnyEvent, CallEvent, Category, MarkerEvent
from harness.report.digest import MAX_CALL_ROWS, EventDigest, Histogram
from harness.rules import CallRules, evaluate
from harness.rules.frequency import REORDER_MS

APP = "com.example.flood"
T0 = 1_700_000_000_000.0
STACKS = [
    [f"{APP}.Main.read(Main.java:{i})", "android.app.Activity.onCreate(Activity.java:1)"]
    for i in range(3)
] + [["com.qq.e.comm.managers.GDTAdSdk.init(GDTAdSdk.java:1)"]]
APIS = [
    ("android.provider.Settings$Secure.getString", Category.android_id),
    ("android.telephony.TelephonyManager.getDeviceId", Category.device_id),
]


@pytest.fixture(scope="module")
def who() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def _run(
    rng: random.Random, n: int, *, late_ms: float = 0.0
) -> tuple[list[AnyEvent], list[CallEvent]]:
    """Markers (dialog, accept, background, foreground) in two processes, and `n` calls in the
    order a controller receives them: each process's in seq order, its timestamps a little out
    of order (a hook takes its time before its number); `late_ms` delays one call by that much."""
    events: list[AnyEvent] = []
    seqs = {100: 0, 200: 0}
    marks = [(3_000, "consent_dialog_shown"), (6_000, "consent_accepted"),
             (8_000, "app_background"), (9_000, "app_foreground")]  # fmt: skip
    calls: list[CallEvent] = []
    at = 0.0
    for i in range(n):
        at += rng.expovariate(1 / 8.0)  # ms
        while marks and marks[0][0] <= at:
            _, name = marks.pop(0)
            for pid in (100, 200):
                seqs[pid] += 1
                events.append(
                    MarkerEvent(seq=seqs[pid], ts=T0 + at, pid=pid, process=APP, name=name)
                )
        pid = rng.choice((100, 200))
        api, category = rng.choice(APIS)
        seqs[pid] += 1
        jitter = rng.uniform(0, 3)
        if late_ms and i == n // 2:
            jitter = late_ms
        call = CallEvent(
            seq=seqs[pid],
            ts=round(T0 + at - jitter),
            pid=pid,
            process=APP if pid == 100 else APP + ":push",
            thread="flood",
            api=api,
            category=category,
            ret=f"v{i % 5}",
            denied=i % 97 == 0,
            stack=rng.choice(STACKS),
        )
        calls.append(call)
        events.append(call)
    return events, calls


def _streamed(events: list[AnyEvent], who: Attributor, calls: list[CallEvent]) -> list[str]:
    rules = CallRules(
        attributor=who, markers=[e for e in events if isinstance(e, MarkerEvent)], sends=[]
    )
    for call in calls:
        rules.add(call)
    found = rules.findings(resumed_at_ts=T0, replay=lambda: iter(calls))
    return [f.model_dump_json() for f in found]


@pytest.mark.parametrize("late_ms", [0.0, REORDER_MS * 4])
def test_streamed_findings_equal_the_whole_list_ones(who: Attributor, late_ms: float) -> None:
    events, calls = _run(random.Random(7), 3_000, late_ms=late_ms)
    expected = [f.model_dump_json() for f in evaluate(events, attributor=who, resumed_at_ts=T0)]
    assert any('"excessive_frequency"' in f for f in expected)
    assert any('"background"' in f for f in expected)
    assert _streamed(events, who, calls) == expected
    shuffled = list(calls)
    random.Random(3).shuffle(shuffled)  # any order at all: the replay judges the rest
    assert _streamed(events, who, shuffled) == expected


def _flood(n: int) -> Iterator[CallEvent]:
    stack = STACKS[0]  # one interned stack, as the log replays it
    for i in range(n):
        yield CallEvent(
            seq=i + 1, ts=T0 + i // 20, pid=100, process=APP, thread="flood",
            api=APIS[0][0], category=APIS[0][1], args=["resolver", "android_id"],
            ret="a1b2…", stack=stack,
        )  # fmt: skip


def test_a_flood_is_judged_and_drawn_without_holding_its_calls(who: Attributor) -> None:
    """100,000 calls (20 per millisecond, as a hooked flood runs) from a one-shot generator: the
    rules and the digest keep aggregates and the calls of the last REORDER_MS; the whole list
    would take about 150 MB (before this change the run held every call)."""
    n = 100_000
    rules = CallRules(attributor=who, markers=[], sends=[])
    digest = EventDigest(who)
    tracemalloc.start()
    try:
        for call in _flood(n):
            rules.add(call)
            digest.add(call)
        found = rules.findings(resumed_at_ts=T0, replay=None)  # in order: no second pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50e6, f"{peak / 1e6:.1f} MB held for {n:,} calls"
    assert [(f.rule.value, f.count) for f in found] == [
        ("pre_consent", n),
        ("excessive_frequency", n),
    ]
    assert digest.calls == n and len(digest.first_calls()) == MAX_CALL_ROWS
    assert [c.seq for c in digest.first_calls()[:3]] == [1, 2, 3]
    assert sum(n for *_, n in digest.by_category.points()) == n


def test_a_histogram_coarsens_instead_of_growing() -> None:
    h = Histogram(max_cells=100)
    for i in range(10_000):
        h.add("row", T0 + i, False)
    assert len(h.cells) <= 100 and h.step_ms >= 100
    assert sum(n for *_, n in h.points()) == 10_000

"""excessive_frequency: sliding window edges, per process and per category."""

from __future__ import annotations

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.model import Category, Finding, Rule
from harness.rules import evaluate
from harness.rules.frequency import frequent_calls
from harness.settings import FrequencyLimit
from tests.rules.builders import APP, APP_STACK, T0, Stream


@pytest.fixture(scope="module")
def who() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def _freq(s: Stream, who: Attributor, limit: FrequencyLimit | None = None) -> list[Finding]:
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0, frequency=limit)
    return [f for f in found if f.rule is Rule.excessive_frequency]


def test_exactly_max_reads_in_window_is_fine(who: Attributor) -> None:
    s = Stream()
    s.call(0.0)
    s.call(1.9)
    s.call(4.0)  # 2.1 s after the previous-but-one: never 3 within 2 s
    s.call(5.95)
    assert not _freq(s, who)


def test_max_reads_plus_one_fires(who: Attributor) -> None:
    s = Stream()
    s.call(0.0)
    s.call(10.0)
    s.call(10.5)
    s.call(11.9)
    s.call(20.0)
    (f,) = _freq(s, who)
    assert f.count == 3
    assert f.first_offset_s == 10.0  # start of the first violating window


def test_window_is_closed_at_both_ends(who: Attributor) -> None:
    exactly = Stream()
    for t in (0.0, 1.0, 2.0):  # one read per second: 3 reads within [0, 2]
        exactly.call(t)
    assert [f.count for f in _freq(exactly, who)] == [3]
    every_two = Stream()
    for t in (0.0, 2.0, 4.0, 6.0, 8.0):  # exactly one read per 2 s: allowed
        every_two.call(t)
    assert not _freq(every_two, who)


def test_count_is_union_of_violating_windows(who: Attributor) -> None:
    s = Stream()
    for t in (0.0, 0.5, 1.0, 1.5, 5.0, 8.0, 8.2, 8.4, 30.0):
        s.call(t)
    (f,) = _freq(s, who)
    assert f.count == 7  # 0-1.5 (4 calls) and 8.0-8.4 (3 calls); 5.0 and 30.0 are alone
    assert f.first_offset_s == 0.0


def test_sustained_polling(who: Attributor) -> None:
    s = Stream()
    for i in range(30):
        s.call(i * 0.5)
    (f,) = _freq(s, who)
    assert f.count == 30


def test_per_process_and_per_category(who: Attributor) -> None:
    s = Stream()
    s.call(0.0, pid=100)
    s.call(0.1, pid=200, process=f"{APP}:push")
    s.call(0.2, pid=100, category=Category.location, api="LocationManager.getLastKnownLocation")
    s.call(0.3, pid=100)
    s.call(0.4, pid=200, process=f"{APP}:push")
    assert not _freq(s, who)  # never 3 of one category in one process


def test_custom_limit(who: Attributor) -> None:
    s = Stream()
    for t in (0.0, 10.0, 20.0):
        s.call(t)
    assert not _freq(s, who)
    (f,) = _freq(s, who, FrequencyLimit(max_reads=2, per_seconds=30))
    assert f.count == 3
    (f,) = _freq(s, who, FrequencyLimit(max_reads=1, per_seconds=10))
    assert f.count == 3
    assert not _freq(s, who, FrequencyLimit(max_reads=1, per_seconds=9.99))


def test_each_contributing_actor_gets_its_calls(who: Attributor) -> None:
    s = Stream()
    s.call(0.0)
    s.call(0.5, stack=APP_STACK)
    s.call(1.0)
    found = _freq(s, who)
    assert sorted((f.actor.kind, f.count) for f in found) == [("app", 1), ("sdk", 2)]
    assert sum(f.count for f in found) == 3


def test_denied_calls_count_toward_frequency(who: Attributor) -> None:
    s = Stream()
    s.call(0.0, denied=True, ret=None)
    s.call(0.5, denied=True, ret=None)
    s.call(1.0, denied=True, ret=None)
    (f,) = _freq(s, who)
    assert (f.count, f.denied_count) == (3, 3)


def test_frequent_calls_unsorted_input() -> None:
    s = Stream()
    calls = [s.call(t) for t in (1.0, 0.0, 0.5, 9.0)]
    flagged = frequent_calls(reversed(calls), FrequencyLimit())
    assert sorted(c.ts - T0 for c in flagged) == [0.0, 500.0, 1000.0]


def test_one_location_read_through_several_accessors_is_not_frequent(who: Attributor) -> None:
    # getLastKnownLocation, then getLatitude/getLongitude on the result: one collection.
    s = Stream()
    for i, api in enumerate(
        ("LocationManager.getLastKnownLocation", "Location.getLatitude", "Location.getLongitude")
    ):
        s.call(0.01 * i, category=Category.location, api=f"android.location.{api}")
    assert not _freq(s, who)


def test_the_same_api_polled_is_frequent(who: Attributor) -> None:
    s = Stream()
    for at in (0.0, 0.9, 1.8):
        s.call(
            at,
            category=Category.location,
            api="android.location.LocationManager.getLastKnownLocation",
        )
    (f,) = _freq(s, who)
    assert f.api.endswith("getLastKnownLocation") and f.count == 3

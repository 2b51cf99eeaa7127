"""LocationManager: permission checks, fixed fix, and paced updates on the main Looper."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework

MIN_TIME_MS = 40
WINDOW_MS = 400


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("LocationProbe", str(MIN_TIME_MS), str(WINDOW_MS))


def test_denied_without_location_permission(out: dict[str, str]) -> None:
    assert out["denied.getLastKnownLocation"] == "SecurityException"
    assert out["denied.requestLocationUpdates"] == "SecurityException"
    assert out["denied.getProviders"] == "[]"


def test_last_known_location_is_beijing(out: dict[str, str]) -> None:
    assert out["granted.getLastKnownLocation"] == "39.9042,116.4074,gps,1700000000000"
    assert out["granted.constants"] == "gps,network"
    assert out["granted.getProviders"] == "[gps, network, passive]"


def test_provider_errors_as_on_android(out: dict[str, str]) -> None:
    assert out["granted.unknownProvider"] == "null"
    assert out["granted.nullProvider"] == "IllegalArgumentException"


def test_updates_repeat_at_min_time_on_main_thread_until_removed(out: dict[str, str]) -> None:
    assert out["first_fix"] == "39.9042,116.4074"
    # First fix after 50 ms, then one every 40 ms at the soonest (each re-posted when the last
    # ran): 9 in a 400 ms window on an idle machine. A loaded machine delays posts, the window's
    # end among them, so the upper bound is taken over the window as it really was.
    updates = int(out["updates_in_window"])
    window = max(int(out["window_elapsed_ms"]), WINDOW_MS)
    assert 3 <= updates <= (window - 50) // MIN_TIME_MS + 1
    assert out["updates_after_remove"] == "0"
    assert out["off_main_thread"] == "0"
    assert out["single_updates"] == "1"

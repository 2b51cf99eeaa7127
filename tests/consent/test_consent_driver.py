"""ConsentDriver against a small in-test device that serves corpus screens and follows taps.

The device is a test double of the Device interface (screens + tap routes, like an app's UI);
the detector it drives is the real one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import pytest
from conftest import read_dump

from harness.consent.driver import ConsentDriver
from harness.consent.scenario import Scenario, Selector
from harness.model import Marker

HOME = '<?xml version="1.0"?><hierarchy rotation="0"/>'
FAST = {"poll_interval": 0.01, "settle": 0.15, "change_timeout": 0.3}


@dataclass
class ScreenDevice:
    """Shows one screen at a time; a tap inside a route's bounds moves to the route's screen.

    `routes[screen] = [((l, t, r, b), next_screen), ...]`; `screens` may map a name to a list of
    dumps, served one per `dump_ui` (the last one repeats): a screen still drawing, say.
    """

    screens: dict[str, str | list[str]]
    routes: dict[str, list[tuple[tuple[int, int, int, int], str]]]
    current: str
    log: list[tuple] = field(default_factory=list)
    served: int = 0
    name: str = "screens"

    def dump_ui(self) -> str:
        screen = self.screens[self.current]
        if isinstance(screen, list):
            dump = screen[min(self.served, len(screen) - 1)]
        else:
            dump = screen
        self.served += 1
        return dump

    def tap(self, x: int, y: int) -> None:
        self.log.append(("tap", x, y))
        for (left, top, right, bottom), target in self.routes.get(self.current, []):
            if left <= x < right and top <= y < bottom:
                self.current = target
                self.served = 0
                return
        self.log.append(("stray", self.current))

    def marker(self, name: str) -> None:
        self.log.append(("mark", name))


ALERT_ACCEPT = (756, 1476, 996, 1602)
ALERT_REJECT = (534, 1476, 756, 1602)
CHECKBOX = (60, 1649, 132, 1721)
AGREE_BUTTON = (90, 1900, 990, 2040)


def _ticked_page() -> str:
    page = read_dump("zh_fullscreen_checkbox.xml")
    page = page.replace(
        'checkable="true" checked="false" clickable="true"',
        'checkable="true" checked="true" clickable="true"',
        1,
    )
    return page.replace('clickable="true" enabled="false"', 'clickable="true" enabled="true"')


def test_accept_taps_the_positive_button_after_marking():
    device = ScreenDevice(
        screens={"dialog": read_dump("zh_alert.xml"), "feed": read_dump("news_feed.xml")},
        routes={"dialog": [(ALERT_ACCEPT, "feed"), (ALERT_REJECT, "home")]},
        current="dialog",
    )
    result = ConsentDriver(device, **FAST).act("accept", device.marker)
    assert result.outcome == "accepted"
    assert device.log == [("mark", Marker.consent_accepted.value), ("tap", 876, 1539)]
    assert [t.text for t in result.taps] == ["同意"]
    assert "went away" in result.detail


def test_reject_keeps_refusing_on_the_second_prompt():
    device = ScreenDevice(
        screens={
            "dialog": read_dump("zh_alert.xml"),
            "again": read_dump("zh_refusal_confirm.xml"),
            "home": HOME,
        },
        routes={
            "dialog": [(ALERT_ACCEPT, "feed"), (ALERT_REJECT, "again")],
            "again": [(ALERT_ACCEPT, "feed"), (ALERT_REJECT, "home")],
        },
        current="dialog",
    )
    result = ConsentDriver(device, **FAST).act("reject", device.marker)
    assert result.outcome == "refused"
    assert device.log == [
        ("mark", Marker.consent_refused.value),
        ("tap", 645, 1539),
        ("tap", 645, 1539),
    ]
    assert [t.text for t in result.taps] == ["不同意", "退出应用"]
    assert device.current == "home"


def test_second_prompt_that_appears_late_is_still_answered():
    device = ScreenDevice(
        screens={
            "dialog": read_dump("zh_alert.xml"),
            # the first dialog closes, the app draws nothing for a few polls, then asks again
            "again": [HOME, HOME, HOME, read_dump("zh_refusal_confirm.xml")],
            "home": HOME,
        },
        routes={"dialog": [(ALERT_REJECT, "again")], "again": [(ALERT_REJECT, "home")]},
        current="dialog",
    )
    result = ConsentDriver(device, **FAST).act("reject", device.marker)
    assert result.outcome == "refused"
    assert [t.text for t in result.taps] == ["不同意", "退出应用"]
    assert ("stray", "again") not in device.log


def test_accept_ticks_the_required_box_first_and_marks_before_the_button():
    device = ScreenDevice(
        screens={
            "page": read_dump("zh_fullscreen_checkbox.xml"),
            "ticked": _ticked_page(),
            "feed": read_dump("news_feed.xml"),
        },
        routes={
            "page": [(CHECKBOX, "ticked")],
            "ticked": [(AGREE_BUTTON, "feed"), (CHECKBOX, "page")],
        },
        current="page",
    )
    result = ConsentDriver(device, **FAST).act("accept", device.marker)
    assert result.outcome == "accepted", result.detail
    assert device.log == [
        ("tap", 96, 1685),
        ("mark", Marker.consent_accepted.value),
        ("tap", 540, 1970),
    ]
    assert [t.kind for t in result.taps] == ["checkbox", "button"]


def test_a_dialog_that_never_goes_away_fails_after_bounded_taps():
    device = ScreenDevice(
        screens={"dialog": read_dump("zh_alert.xml")}, routes={}, current="dialog"
    )
    result = ConsentDriver(device, max_taps=3, **FAST).act("accept", device.marker)
    assert result.outcome == "failed"
    assert "still shown after 3 taps" in result.detail
    assert device.log.count(("mark", Marker.consent_accepted.value)) == 1
    assert sum(1 for entry in device.log if entry[0] == "tap") == 3


def test_nothing_is_tapped_when_no_dialog_is_on_screen():
    device = ScreenDevice(screens={"feed": read_dump("news_feed.xml")}, routes={}, current="feed")
    result = ConsentDriver(device, **FAST).act("reject", device.marker)
    assert result.outcome == "failed"
    assert "no consent dialog" in result.detail
    assert device.log == []


def test_a_dialog_without_the_wanted_answer_fails_without_tapping():
    device = ScreenDevice(
        screens={"again": read_dump("zh_refusal_confirm_custom.xml")}, routes={}, current="again"
    )
    result = ConsentDriver(device, **FAST).act("accept", device.marker)
    assert result.outcome == "failed"
    assert "no way to accept" in result.detail
    assert device.log == []


def test_wait_for_dialog_polls_until_it_shows():
    feed = read_dump("news_feed.xml")
    device = ScreenDevice(
        screens={
            "start": [feed, "garbage from a busy uiautomator", feed, read_dump("zh_alert.xml")]
        },
        routes={},
        current="start",
    )
    state = ConsentDriver(device, **FAST).wait_for_dialog(timeout=5)
    assert state is not None
    assert state.detection.dialog is True
    assert "温馨提示" in state.dump
    assert device.served == 4
    assert state.waited_s < 5
    assert abs(state.seen_at - time.time()) < 5


def test_wait_for_dialog_times_out_and_ignores_permission_prompts():
    device = ScreenDevice(
        screens={"perm": read_dump("permission_prompt.xml")}, routes={}, current="perm"
    )
    started = time.monotonic()
    assert ConsentDriver(device, **FAST).wait_for_dialog(timeout=0.2) is None
    assert 0.2 <= time.monotonic() - started < 2
    assert device.served >= 2


def test_wait_for_dialog_stops_when_asked():
    device = ScreenDevice(screens={"feed": read_dump("news_feed.xml")}, routes={}, current="feed")
    stop = threading.Event()
    threading.Timer(0.1, stop.set).start()
    started = time.monotonic()
    assert (
        ConsentDriver(device, **FAST).wait_for_dialog(timeout=30, should_stop=stop.is_set) is None
    )
    assert time.monotonic() - started < 2


def test_scenario_drives_reject_confirm():
    scenario = Scenario(
        dialog=Selector(text="温馨提示"),
        reject=[Selector(resource_id="android:id/button2")],
        reject_confirm=[Selector(text="退出应用")],
    )
    device = ScreenDevice(
        screens={
            "dialog": read_dump("zh_alert.xml"),
            "again": read_dump("zh_refusal_confirm.xml"),
            "home": HOME,
        },
        routes={"dialog": [(ALERT_REJECT, "again")], "again": [(ALERT_REJECT, "home")]},
        current="dialog",
    )
    result = ConsentDriver(device, scenario=scenario, **FAST).act("reject", device.marker)
    assert result.outcome == "refused"
    assert [t.text for t in result.taps] == ["不同意", "退出应用"]


def test_unknown_mode_is_refused():
    device = ScreenDevice(screens={"feed": HOME}, routes={}, current="feed")
    with pytest.raises(ValueError, match="accept or reject"):
        ConsentDriver(device).act("none", device.marker)  # type: ignore[arg-type]


def test_act_waits_out_an_empty_dump_while_the_window_animates():
    device = ScreenDevice(
        screens={"dialog": [HOME, read_dump("zh_alert.xml")], "feed": read_dump("news_feed.xml")},
        routes={"dialog": [(ALERT_ACCEPT, "feed")]},
        current="dialog",
    )
    result = ConsentDriver(device, **FAST).act("accept", device.marker)
    assert result.outcome == "accepted"
    assert device.log == [("mark", Marker.consent_accepted.value), ("tap", 876, 1539)]

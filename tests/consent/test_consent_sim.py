"""ConsentDriver on the simulated device with the good-news example app (Chinese dialog)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.consent.detector import detect
from harness.consent.driver import ConsentDriver
from harness.model import Marker

pytestmark = pytest.mark.sim

APP = Path(__file__).resolve().parents[2] / "examples" / "apps" / "good-news"


@pytest.fixture
def running_app(sim_app_running):
    return sim_app_running(APP)


@pytest.mark.parametrize(
    "mode, marker, outcome, tapped",
    [
        ("accept", Marker.consent_accepted, "accepted", ["同意"]),
        # good-news asks again after a refusal (再次提示: 同意并继续 / 退出应用)
        ("reject", Marker.consent_refused, "refused", ["不同意", "退出应用"]),
    ],
)
def test_driver_answers_the_good_news_dialog(running_app, mode, marker, outcome, tapped):
    device, _ = running_app
    driver = ConsentDriver(device, poll_interval=0.1, settle=0.5)
    state = driver.wait_for_dialog(timeout=30)
    assert state is not None, "the good-news consent dialog never showed"
    assert state.detection.dialog and state.detection.accept and state.detection.reject

    log: list[str] = []
    real_tap = device.tap

    def tap(x: int, y: int) -> None:  # records the order of taps and marks, then taps for real
        log.append(f"tap {x},{y}")
        real_tap(x, y)

    device.tap = tap
    result = driver.act(mode, log.append)
    assert result.outcome == outcome, result.detail
    assert [t.text for t in result.taps] == tapped
    assert log.count(marker.value) == 1
    first_decisive = next(i for i, t in enumerate(result.taps) if t.kind == "button")
    # the marker comes right before the first button tap (checkbox taps may precede it)
    assert log.index(marker.value) == first_decisive
    assert len([e for e in log if e.startswith("tap")]) == len(result.taps)
    assert detect(device.dump_ui()).dialog is False

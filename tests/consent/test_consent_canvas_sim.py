"""The OCR path end to end: a consent prompt painted on a canvas, answered by coordinates."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from harness.consent.detector import detect
from harness.consent.driver import ConsentDriver
from harness.consent.uidump import parse_dump
from harness.device.sim import SimDevice
from harness.model import Marker

pytestmark = [
    pytest.mark.sim,
    pytest.mark.skipif(
        importlib.util.find_spec("rapidocr_onnxruntime") is None,
        reason="rapidocr-onnxruntime is a dev dependency (CI installs it)",
    ),
]

APP = Path(__file__).resolve().parents[2] / "examples" / "apps" / "canvas-consent"


@pytest.fixture
def running_app(sim_app_running):
    return sim_app_running(APP)


def _wait_for_canvas(device: SimDevice, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        dump = device.dump_ui()
        if "ConsentCanvas" in dump or time.monotonic() > deadline:
            return dump
        time.sleep(0.1)


TICK_LABEL = "我已阅读并同意《隐私政策》"


@pytest.mark.parametrize(
    "mode, marker, outcome, tapped, after",
    [
        # 同意 does nothing until the painted box is ticked: OCR finds the box left of its label
        ("accept", Marker.consent_accepted, "accepted", [TICK_LABEL, "同意"], "已同意：首页"),
        ("reject", Marker.consent_refused, "refused", ["不同意"], "已拒绝：仅浏览"),
    ],
)
def test_painted_prompt_is_found_by_ocr_and_answered_by_coordinates(
    running_app, mode, marker, outcome, tapped, after
):
    device, _ = running_app
    dump = _wait_for_canvas(device, 30)
    # The dump has no text for the prompt: the dump detector cannot see it.
    assert "隐私政策" not in dump
    assert detect(dump).dialog is False
    assert parse_dump(dump).opaque(), "the painted view should count as opaque"

    never = ConsentDriver(device, poll_interval=0.2, ocr="never")
    assert never.wait_for_dialog(timeout=1) is None

    driver = ConsentDriver(device, poll_interval=0.2, settle=0.5, change_timeout=10, ocr="auto")
    state = driver.wait_for_dialog(timeout=120)
    assert state is not None, driver.ocr_note
    assert state.detection.source == "ocr"
    assert state.detection.ocr is not None
    assert any("隐私政策" in b.text for b in state.detection.ocr.boxes)

    marks: list[str] = []
    result = driver.act(mode, marks.append)
    assert result.outcome == outcome, result.detail
    assert [(t.text, t.source) for t in result.taps] == [(text, "ocr") for text in tapped]
    assert marks == [marker.value]
    assert after in device.dump_ui()  # the app itself took the tap at those coordinates


def test_a_run_records_that_ocr_decided_and_keeps_its_boxes(tmp_path):
    import json
    import os
    import subprocess
    import sys

    out = tmp_path / "run"
    env = {**os.environ, "HARNESS_SIM_HOME": str(tmp_path / "home")}
    args = ["run", str(APP), "--out", str(out), "--consent", "reject", "--window", "2"]
    args += ["--background-window", "0.5", "--dialog-timeout", "120", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "harness", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=400,
    )
    assert done.returncode == 0, done.stderr
    consent = json.loads((out / "report.json").read_text(encoding="utf-8"))["consent"]
    assert (consent["outcome"], consent["source"]) == ("refused", "ocr"), consent
    assert consent["ocr_evidence"] == "consent-ocr.json"
    kept = json.loads((out / "consent-ocr.json").read_text(encoding="utf-8"))
    assert kept["engine"] == "rapidocr-onnxruntime"
    assert any("隐私政策" in box["text"] for box in kept["boxes"])
    assert all(len(box["bounds"]) == 4 for box in kept["boxes"])
    assert kept["detection"]["reject"][0]["text"] == "不同意"
    assert "consent-ocr.json" in (out / "manifest.json").read_text(encoding="utf-8")

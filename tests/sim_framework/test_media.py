"""Sensors (listing and paced events), cameras, AudioRecord and MediaRecorder permission checks."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import Framework

WINDOW_MS = 400


@pytest.fixture(scope="module")
def out(framework: Framework) -> dict[str, str]:
    return framework.run("MediaProbe", str(WINDOW_MS))


@pytest.mark.parametrize("api", ["camera", "audio", "recorder", "openCamera"])
def test_capture_without_permission_throws(out: dict[str, str], api: str) -> None:
    assert out[f"denied.{api}"] == "SecurityException"


def test_capture_with_permission(out: dict[str, str]) -> None:
    assert out["granted.camera"] == "2:1:busy"  # two cameras, #1 front-facing, a second open fails
    assert (
        out["granted.audio"] == "1280:3:1280"
    )  # 40 ms of 16 kHz mono PCM16, RECORDING, silence read
    assert out["granted.recorder"] == "recorded"
    assert out["recorder.bad_state"] == "IllegalStateException"
    assert out["camera_ids"] == "0,1"
    assert out["camera2_opened"] == "1@main"


def test_sensors_list_and_deliver_a_few_events(out: dict[str, str]) -> None:
    assert (
        out["sensors"]
        == "1:LSM6DSR Accelerometer,4:LSM6DSR Gyroscope,5:TMD3702V Ambient Light Sensor"
    )
    assert out["no_pressure_sensor"] == "null"
    assert out["registered"] == "true"
    # Five events 20 ms apart after a 50 ms start: all in well within the window, never more.
    assert out["sensor_events"] == "5"
    assert out["sensor_first"] == "1:9.79"

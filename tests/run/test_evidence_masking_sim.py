"""Masking everywhere: no file of a run folder holds one of the simulated device's identifiers.

Each example app runs on the simulated device with short windows; then every file of the run
folder, at any depth and read as bytes, is searched for every identifier of the device (as is,
upper- and lower-case, without separators). A run with --raw-values shows the search can fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from harness.masking import forms
from harness.run.config import RunConfig
from harness.run.protocol import run_app

sim = pytest.importorskip("harness.device.sim", reason="the simulated device is not in this build")

ROOT = Path(__file__).resolve().parents[2]
APPS = ROOT / "examples" / "apps"
DEVICE_DATA = (
    ROOT / "sim" / "framework" / "com" / "android" / "internal" / "sim" / "DeviceData.java"
)
# Read from the framework's own source, not from the harness's table, so that a value the table
# lacks or gets wrong fails here.
SEARCHED = (
    "IMEI_SLOT0 IMEI_SLOT1 MEID IMSI ICCID LINE1_NUMBER VOICE_MAIL_NUMBER ANDROID_ID SERIAL "
    "WIFI_MAC SSID BSSID"
).split()
pytestmark = pytest.mark.sim


def _identifiers() -> dict[str, str]:
    text = DEVICE_DATA.read_text(encoding="utf-8")
    values = {}
    for name in SEARCHED:
        m = re.search(rf'String {name} = "((?:[^"\\]|\\.)*)";', text)
        assert m, f"{name} is not in {DEVICE_DATA.name}"
        values[name] = m.group(1).replace('\\"', '"')
    return values


def _needles() -> dict[bytes, str]:
    found: dict[bytes, str] = {}
    for name, value in _identifiers().items():
        for form in forms(value):
            for variant in (form, form.upper(), form.lower()):
                found[variant.encode()] = name
    return found


def _leaks(folder: Path) -> list[str]:
    needles = _needles()
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    assert files, f"the run folder {folder} is empty"
    return [
        f"{path.relative_to(folder)}: {name} ({needle.decode()})"
        for path in files
        for needle, name in needles.items()
        if needle in path.read_bytes()
    ]


def _run(app: str, out: Path, device: Any, **kw: Any) -> Any:
    config = RunConfig(
        target=str(APPS / app),
        out=out,
        window=1.5,
        background_window=0.5,
        dialog_timeout=6.0,
        **kw,
    )
    return run_app(config, device=device)


@pytest.mark.parametrize("app", ["good-news", "ad-sdk-app", "push-app"])
def test_no_file_of_a_run_holds_a_device_identifier(device: Any, tmp_path: Path, app: str) -> None:
    report = _run(app, tmp_path, device)
    assert report.event_count > 0
    assert (tmp_path / "app.log").is_file(), "the app's log is part of the evidence"
    assert _leaks(tmp_path) == []


def test_with_raw_values_the_identifiers_are_in_the_events(device: Any, tmp_path: Path) -> None:
    _run("ad-sdk-app", tmp_path, device, raw_values=True)
    leaks = _leaks(tmp_path)
    assert any(leak.startswith("events.jsonl: IMEI_SLOT0") for leak in leaks), leaks
    assert any(leak.startswith("app.log: IMEI_SLOT0") for leak in leaks), leaks

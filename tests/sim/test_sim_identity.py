"""The simulated device's identifier table (what evidence files are scrubbed of) is DeviceData's."""

from __future__ import annotations

import re
from pathlib import Path

from harness.device.sim.identity import FINGERPRINT, IDENTIFIERS

FRAMEWORK = Path(__file__).resolve().parents[2] / "sim" / "framework"
_CONSTANT = re.compile(r'public static final String (\w+) = "((?:[^"\\]|\\.)*)";')


def _constants(java: Path) -> dict[str, str]:
    text = java.read_text(encoding="utf-8")
    return {name: value.replace('\\"', '"') for name, value in _CONSTANT.findall(text)}


def test_identifiers_are_the_values_of_device_data() -> None:
    data = _constants(FRAMEWORK / "com" / "android" / "internal" / "sim" / "DeviceData.java")
    for name, value in IDENTIFIERS.items():
        assert data.get(name) == value, name


def test_fingerprint_is_the_framework_build_fingerprint() -> None:
    build = _constants(FRAMEWORK / "android" / "os" / "Build.java")
    assert build["FINGERPRINT"] == FINGERPRINT

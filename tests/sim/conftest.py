"""Shared fixtures for the simulated-device tests: a device in a fresh sim home, the example and
test apps, and small helpers to read dumps and logs."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.device.sim import SimDevice
from harness.device.sim.procs import gone

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "apps"
TEST_APPS = Path(__file__).parent / "apps"
LIFECYCLE = TEST_APPS / "lifecycle"
_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


@pytest.fixture
def device(tmp_path: Path) -> Iterator[SimDevice]:
    dev = SimDevice(tmp_path / "sim-home")
    try:
        yield dev
    finally:
        for package in dev.installed_packages():
            dev.force_stop(package)
        dev.close()


def wait_for(check: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def parse_dump(xml: str) -> ET.Element:
    assert xml.startswith("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy")
    return ET.fromstring(xml.split("?>", 1)[1])


def nodes(xml: str) -> list[ET.Element]:
    return list(parse_dump(xml).iter("node"))


def bounds(node: ET.Element) -> tuple[int, int, int, int]:
    match = _BOUNDS.fullmatch(node.get("bounds", ""))
    assert match, node.attrib
    left, top, right, bottom = map(int, match.groups())
    return left, top, right, bottom


def center(node: ET.Element) -> tuple[int, int]:
    left, top, right, bottom = bounds(node)
    return (left + right) // 2, (top + bottom) // 2


def has_text(xml: str, text: str) -> bool:
    return by_text(xml, text) is not None


def by_text(xml: str, text: str) -> ET.Element | None:
    return next((n for n in nodes(xml) if n.get("text") == text), None)


def texts(xml: str) -> list[str]:
    return [n.get("text", "") for n in nodes(xml) if n.get("text")]


def log_text(device: SimDevice, package: str) -> str:
    path = device.log_file(package)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def start(device: SimDevice, package: str) -> int:
    """Start paused, resume, and wait until the launcher activity is in front."""
    proc = device.start_paused(package)
    device.resume(proc.pid)
    wait_for(lambda: device.foreground_package() == package, what=f"{package} in front")
    return proc.pid


def tap_text(device: SimDevice, text: str) -> None:
    # An Element without children is falsy: wrap it so that wait_for sees "found".
    found = wait_for(
        lambda: [n for n in [by_text(device.dump_ui(), text)] if n is not None],
        what=f"a node with text {text!r}",
    )
    device.tap(*center(found[0]))  # type: ignore[index]


def pid_alive(pid: int) -> bool:
    """Running and not a zombie."""
    return not gone(pid)

"""Shared helpers for the consent tests: the hand-written dump corpus, a sim app to drive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

DUMPS = Path(__file__).parent / "dumps"


def read_dump(name: str) -> str:
    return (DUMPS / name).read_text(encoding="utf-8")


@pytest.fixture
def dump_text():
    return read_dump


@pytest.fixture
def sim_app_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[Path], tuple[Any, str]]]:
    """start(app_dir) -> (device, package): the app installed on a fresh simulated device,
    cleared and resumed; stopped (no process left) and the device closed afterwards."""
    from harness.device.sim import SimDevice

    monkeypatch.setenv("HARNESS_SIM_HOME", str(tmp_path / "sim-home"))
    device = SimDevice()
    gate = None
    package = None

    def start(app_dir: Path) -> tuple[Any, str]:
        nonlocal gate, package
        app = device.install(app_dir)
        package = app.package
        device.clear_data(package)
        gate = device.gate_processes(package, lambda proc: None)
        main = device.start_paused(package)
        device.resume(main.pid)
        return device, package

    try:
        yield start
    finally:
        if gate is not None:
            gate.close()
        if package is not None:
            device.force_stop(package)
            assert device.processes(package) == []
        device.close()

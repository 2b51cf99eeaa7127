"""Fixtures shared by the run tests: one simulated device per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.device.sim import SimDevice


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimDevice]:
    """A simulated device with its own home, closed (every process ended) after the module."""
    dev = SimDevice(home=tmp_path_factory.mktemp("sim-home"))
    yield dev
    dev.close()

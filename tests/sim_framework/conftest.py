"""One compiled framework (with the probe programs) per test session."""

from __future__ import annotations

import pytest

from tests.sim_framework.probes import JDK, Framework, compile_framework


@pytest.fixture(scope="session")
def framework(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    if not (JDK / "bin" / "javac").exists():
        pytest.skip(f"JDK 17 not found at {JDK} (set HARNESS_JDK17)")
    return compile_framework(tmp_path_factory.mktemp("sim_framework"))

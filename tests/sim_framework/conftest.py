"""One compiled framework (with the probe programs) per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_build import build_once, shared_dir
from tests.sim_framework.probes import JDK, Framework, compile_framework


@pytest.fixture(scope="session")
def framework(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    if not (JDK / "bin" / "javac").exists():
        pytest.skip(f"JDK 17 not found at {JDK} (set HARNESS_JDK17)")
    folder = shared_dir(tmp_path_factory, "sim_framework")  # one javac for every xdist worker

    def build(base: Path) -> str:
        built = compile_framework(base)
        return f"{built.classes.name} {int(built.whole_tree)}"

    name, whole = build_once(folder, build).split()
    return Framework(folder / name, whole_tree=whole == "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The framework's javac (minutes on a loaded 2-core machine, once per run for all xdist
    workers) is not the first test's time: its 300 s timeout covers the test function only."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.timeout(300, func_only=True))

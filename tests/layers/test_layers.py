"""The layer order of docs/architecture.md is the one import-linter enforces, and it holds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: import-linter brings tomli there
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")  # import-linter: a dev dependency


def _contracts() -> list[dict]:  # type: ignore[type-arg]
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_layers_are_the_enforced_ones() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = doc.split("## Layers", 1)[1]
    block = section.split("```", 2)[1]
    documented = [re.split(r"\s{2,}", line.strip())[0] for line in block.strip().splitlines()]
    (top,) = [c for c in _contracts() if c.get("containers") == ["harness"]]
    assert top["exhaustive"] is True  # every module of harness has its place
    assert [layer for layer in top["layers"] if layer != "__main__"] == documented


def test_the_imports_keep_the_layers() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_lazy_import_upwards_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "harness"
    shutil.copytree(ROOT / "harness", copy, ignore=shutil.ignore_patterns("__pycache__", "_bundle"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (copy / "rules" / "summary.py").open("a", encoding="utf-8") as fh:
        fh.write("\n\ndef _upwards() -> None:\n    from harness.run import config  # noqa: F401\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "harness.rules is not allowed to import harness.run" in result.stdout

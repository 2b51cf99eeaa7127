from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def project_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write harness.yaml (plus a fake app folder) into tmp_path; returns the project file."""

    def write(extra: str = "", *, app: str = "app") -> Path:
        (tmp_path / "app").mkdir(exist_ok=True)
        text = f"app:\n  target: {app}\nprotocol:\n  window: 1\n  background_window: 0.5\n"
        path = tmp_path / "harness.yaml"
        path.write_text(text + extra, encoding="utf-8")
        return path

    return write

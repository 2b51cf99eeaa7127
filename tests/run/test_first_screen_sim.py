"""An app that hangs in a static initialiser is not `completed, no findings`: the report says it
never reached its first screen (main thread blocked), with the main thread's stack as evidence.
Issue #14, "Outcomes that must say what happened"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.run.first_screen import EVIDENCE_FILE
from tests.run.shortrun import short_run

APPS = Path(__file__).parent / "apps"
ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sim


def test_static_initialiser_hang_is_reported_with_the_main_thread_stack(
    device: Any, tmp_path: Path
) -> None:
    report = short_run(device, APPS / "hang-app", tmp_path / "run", dialog_timeout=4.0)
    assert report.status == "partial"
    blocked = [p for p in report.problems if p.kind == "main_thread_blocked"]
    assert len(blocked) == 1, report.problems
    assert "never reached its first screen" in blocked[0].message
    assert (
        "main thread at com.example.hang.HangApp.blockForever(HangApp.java:" in blocked[0].message
    )
    stack = (tmp_path / "run" / EVIDENCE_FILE).read_text()
    assert "com.example.hang.HangApp.<clinit>(HangApp.java:" in stack
    assert device.processes("com.example.hang") == []


def test_an_app_that_shows_its_screen_is_not_blocked(device: Any, tmp_path: Path) -> None:
    report = short_run(
        device, ROOT / "examples" / "apps" / "good-news", tmp_path / "run", dialog_timeout=4.0
    )
    assert not [p for p in report.problems if p.kind == "main_thread_blocked"]
    assert not (tmp_path / "run" / EVIDENCE_FILE).exists()

"""report.json: the RunReport as JSON (model_dump, mode="json"), read back by RunReport."""

from __future__ import annotations

import json
from pathlib import Path

from harness.atomic import write_atomic
from harness.report.model import RunReport


def write_json(report: RunReport, path: Path) -> None:
    text = json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False)
    write_atomic(path, (text + "\n").encode("utf-8"))


def read_json(path: Path) -> RunReport:
    """Load a report.json written by `write_json` (pydantic validates it)."""
    return RunReport.model_validate_json(path.read_bytes())

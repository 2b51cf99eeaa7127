"""report.pdf of a run folder that is already written (`harness report pdf RUNDIR`)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from harness.errors import ConfigError
from harness.report.model import RunReport
from harness.report.pdf import write_pdf
from harness.run.eventlog import read_events
from harness.yamlfile import read_bounded, validation_error

MAX_REPORT_BYTES = 256 * 1024 * 1024


def load_run_report(run_dir: Path) -> RunReport:
    path = run_dir / "report.json"
    if not path.is_file():
        raise ConfigError(f"{run_dir}: no report.json here (is it a run folder?)")
    raw = read_bounded(path, MAX_REPORT_BYTES, "run report")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: run report is not valid JSON ({exc})") from None
    try:
        return RunReport.model_validate(data)
    except ValidationError as exc:
        raise validation_error(path, None, exc) from None


def pdf_of_run_folder(run_dir: Path, out: Path | None = None) -> Path:
    """Print the run's report to `out` (default RUNDIR/report.pdf); returns where it went.

    The events come from events.jsonl (the timeline and the calls table need them), read one at
    a time; a folder without one still prints, with the findings, stacks and verdict of
    report.json."""
    report = load_run_report(run_dir)
    events_file = run_dir / "events.jsonl"
    events = read_events(events_file) if events_file.is_file() else iter(())
    dest = out or run_dir / "report.pdf"
    write_pdf(report, events, run_dir, dest)
    return dest

"""The end of a run: events -> findings, then the report files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from harness.model import CallEvent, Finding, MarkerEvent, ProcessEvent
from harness.report.model import RunReport
from harness.run.config import RunConfig

REPORT_FILES = {
    "events": "events.jsonl",
    "json": "report.json",
    "html": "report.html",
    "junit": "junit.xml",
}


def build_findings(
    events: Sequence[CallEvent | MarkerEvent | ProcessEvent],
    app_package: str,
    config: RunConfig,
    resumed_at_ts: float,
    consent_outcome: str,
) -> list[Finding]:
    from harness.attribution import Attributor, load_sdk_db
    from harness.rules import evaluate

    attributor = Attributor(load_sdk_db(), app_package)
    return evaluate(
        events,
        attributor=attributor,
        frequency=config.frequency,
        resumed_at_ts=resumed_at_ts,
        consent_outcome=consent_outcome,
    )


def write_outputs(
    report: RunReport, events: Sequence[CallEvent | MarkerEvent | ProcessEvent], out: Path
) -> None:
    from harness.report import write_html, write_json, write_junit

    report.files = dict(REPORT_FILES)
    write_json(report, out / REPORT_FILES["json"])
    write_html(report, list(events), out / REPORT_FILES["html"])
    write_junit(report, out / REPORT_FILES["junit"])

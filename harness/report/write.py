"""All report files of one run folder at once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from harness.attribution import Attributor
from harness.model import AnyEvent, Rule
from harness.report.digest import EventDigest
from harness.report.html import write_html
from harness.report.jsonout import write_json
from harness.report.junit import write_junit
from harness.report.legal import legal_basis
from harness.report.model import RunReport
from harness.report.verdict import verdict

# Roles as harness.run.finish names them in report.files.
REPORT_FILES = {"json": "report.json", "html": "report.html", "junit": "junit.xml"}


def write_reports(
    report: RunReport,
    events: Iterable[AnyEvent] | EventDigest,
    out: Path,
    *,
    attributor: Attributor | None = None,
) -> dict[str, str]:
    """Write report.json, junit.xml and report.html into `out`. The verdict and the files' names
    go into the report first, so report.json opens with the verdict and lists itself and its
    siblings; returns that mapping."""
    report.verdict = verdict(report.findings, report.status)
    rules = [r.value for r in Rule]
    rules += sorted({f.rule.value for f in report.findings} - set(rules))
    report.legal = legal_basis(rules)
    report.files.update(REPORT_FILES)
    if (out / "events.jsonl").is_file():
        report.files.setdefault("events", "events.jsonl")
    # JSON first: it is the evidence; the HTML and JUnit files are views of it.
    write_json(report, out / REPORT_FILES["json"])
    write_junit(report, out / REPORT_FILES["junit"])
    write_html(report, events, out / REPORT_FILES["html"], attributor=attributor)
    return dict(report.files)

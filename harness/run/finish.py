"""The end of a run: events -> findings (rules + attribution), then the report files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from harness.attribution import Attributor, load_sdk_db
from harness.model import AnyEvent, Finding, HostContact
from harness.report.model import RunReport
from harness.run.config import RunConfig


def attributor_for(config: RunConfig, app_package: str) -> Attributor:
    """One attributor per run, so findings and the report's actor timeline agree."""
    return Attributor(load_sdk_db(config.sdk_file), app_package)


def build_findings(
    events: Sequence[AnyEvent],
    attributor: Attributor,
    config: RunConfig,
    resumed_at_ts: float,
    consent_outcome: str,
) -> list[Finding]:
    from harness.rules import evaluate

    return evaluate(
        events,
        attributor=attributor,
        frequency=config.frequency,
        resumed_at_ts=resumed_at_ts,
        consent_outcome=consent_outcome,
        permissions=config.permission_rules,
    )


def build_contacts(
    events: Sequence[AnyEvent], attributor: Attributor, resumed_at_ts: float, consent_outcome: str
) -> list[HostContact]:
    from harness.rules import contacts

    return contacts(
        events,
        attributor=attributor,
        resumed_at_ts=resumed_at_ts,
        consent_outcome=consent_outcome,
    )


def write_outputs(
    report: RunReport, events: Sequence[AnyEvent], out: Path, attributor: Attributor
) -> None:
    from harness.report.write import write_reports

    write_reports(report, events, out, attributor=attributor)

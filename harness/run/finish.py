"""The end of a run: events -> findings (rules + attribution), then the report files.

`analyse` reads the run's events back from events.jsonl once, one at a time, into the rules'
aggregates (harness.rules.CallRules) and what the report draws (harness.report.digest), so
the controller's memory does not grow with the number of calls (issue #14)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from harness.attribution import Attributor, load_sdk_db
from harness.model import CallEvent, Finding, HostContact
from harness.report.digest import EventDigest
from harness.report.model import RunReport
from harness.run.config import RunConfig
from harness.run.eventlog import EventLog


def attributor_for(config: RunConfig, app_package: str) -> Attributor:
    """One attributor per run, so findings and the report's actor timeline agree."""
    return Attributor(load_sdk_db(config.sdk_file), app_package)


@dataclass
class Analysis:
    findings: list[Finding]
    contacts: list[HostContact]
    digest: EventDigest  # what report.html and report.pdf draw


def analyse(
    log: EventLog,
    attributor: Attributor,
    config: RunConfig,
    resumed_at_ts: float,
    consent_outcome: str,
) -> Analysis:
    """Findings, hosts contacted before consent and the report's digest, in one pass over the
    log (the log keeps the markers and sends the rules need first)."""
    from harness.rules import CallRules, contacts

    rules = CallRules(
        attributor=attributor,
        markers=log.markers,
        sends=log.sends,
        frequency=config.frequency,
        consent_outcome=consent_outcome,
        permissions=config.permission_rules,
    )
    digest = EventDigest(attributor)
    for event in log.replay():
        digest.add(event)
        if isinstance(event, CallEvent):
            rules.add(event)
    findings = rules.findings(resumed_at_ts=resumed_at_ts, replay=log.calls)
    contacted = contacts(
        [*log.markers, *log.sends],
        attributor=attributor,
        resumed_at_ts=resumed_at_ts,
        consent_outcome=consent_outcome,
        earliest_ts=rules.earliest_call,
    )
    return Analysis(findings, contacted, digest)


def write_outputs(
    report: RunReport, digest: EventDigest, out: Path, attributor: Attributor
) -> None:
    from harness.report.write import write_reports

    write_reports(report, digest, out, attributor=attributor)

"""Compare a run's findings with the baseline and the waivers: what is new, fixed, waived."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from harness.check.baseline import Baseline, BaselineFinding
from harness.check.key import FindingKey
from harness.check.waivers import Waiver, pick_waiver
from harness.model import Finding, Rule
from harness.report.model import RunReport


class Status(str, Enum):
    new = "new"  # not in the baseline, not waived: fails
    expired = "expired"  # only expired waivers cover it (baseline or not): fails
    waived = "waived"
    baselined = "baselined"
    fixed = "fixed"  # in the baseline, not seen in this run
    ignored = "ignored"  # a rule the project does not check


FAILING = (Status.new, Status.expired)


@dataclass
class CheckEntry:
    key: FindingKey
    status: Status
    finding: Finding | None = None  # None for fixed
    accepted: BaselineFinding | None = None
    waiver: Waiver | None = None  # in force (waived) or the one that expired (expired)

    @property
    def fingerprint(self) -> str:
        return self.key.fingerprint()


@dataclass
class CheckResult:
    package: str
    entries: list[CheckEntry]
    report: RunReport
    has_baseline: bool
    today: date
    problems: list[str] = field(default_factory=list)  # why the run is partial, if it is

    def having(self, *statuses: Status) -> list[CheckEntry]:
        return [e for e in self.entries if e.status in statuses]

    @property
    def failing(self) -> list[CheckEntry]:
        return self.having(*FAILING)

    @property
    def complete(self) -> bool:
        return self.report.status == "completed"


def compare(
    report: RunReport,
    baseline: Baseline | None,
    waivers: list[Waiver],
    *,
    today: date,
    rules: list[Rule] | None = None,
) -> CheckResult:
    """One entry per finding key of the run (first finding wins), then one per fixed key.

    Per key: an unchecked rule is ignored; else a waiver in force waives it, an expired one fails
    it; only a key no waiver covers is judged by the baseline (baselined, else new)."""
    checked = set(rules) if rules is not None else set(Rule)
    accepted = baseline.keys() if baseline else {}
    all_waivers = list(waivers) + (list(baseline.waivers) if baseline else [])
    entries: list[CheckEntry] = []
    seen: set[FindingKey] = set()
    for finding in sorted(report.findings, key=lambda f: f.first_offset_s):
        key = FindingKey.of(finding)
        if key in seen:
            continue  # the same read in another process: one key, one verdict
        seen.add(key)
        entry = CheckEntry(key=key, status=Status.new, finding=finding)
        entry.accepted = accepted.get(key)
        # a waiver outranks the baseline: its expiry must fail the finding again, even when a
        # baseline accepted it meanwhile (by hand, or before accepting kept waived keys out)
        active, expired = pick_waiver(all_waivers, key, today)
        if key.rule not in checked:
            entry.status = Status.ignored
        elif active is not None:
            entry.status, entry.waiver = Status.waived, active
        elif expired is not None:
            entry.status, entry.waiver = Status.expired, expired
        elif entry.accepted is not None:
            entry.status = Status.baselined
        entries.append(entry)
    for key, accepted_finding in sorted(accepted.items()):
        if key not in seen:
            entries.append(CheckEntry(key=key, status=Status.fixed, accepted=accepted_finding))
    return CheckResult(
        package=report.target.package,
        entries=entries,
        report=report,
        has_baseline=baseline is not None,
        today=today,
        problems=[f"{p.kind}: {p.message}" for p in report.problems],
    )

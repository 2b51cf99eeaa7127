"""The baseline file: the findings a team has reviewed and accepted, plus optional waivers.

JSON, sorted, one finding per key, so that a baseline change reads well in a code review.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness import __version__
from harness.atomic import write_atomic
from harness.check.key import FindingKey
from harness.check.waivers import Waiver, governing_waiver
from harness.errors import ConfigError
from harness.model import Category, Finding, Rule
from harness.report.model import RunReport
from harness.yamlfile import load_json, node_tree, read_bounded, validation_error

MAX_BASELINE_BYTES = 16 * 1024 * 1024
MAX_REPORT_BYTES = 256 * 1024 * 1024
BASELINE_FORMAT: Final = "harness-baseline"


class BaselineActor(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["sdk", "app", "third_party", "unknown"]
    name: str
    package: str = ""


class BaselineFinding(BaseModel):
    """An accepted finding. Only rule, data, api and actor identify it; the rest is context."""

    model_config = ConfigDict(extra="forbid")
    rule: Rule
    data: Category
    api: str
    actor: BaselineActor
    host: str = ""  # sent_* findings: where the data went (part of the key)
    fingerprint: str = Field("", description="informational; recomputed from the fields above")
    process: str = ""
    phase: str = ""
    note: str = ""

    def key(self) -> FindingKey:
        return FindingKey(
            self.rule,
            self.data,
            self.api,
            self.actor.kind,
            self.actor.name,
            self.actor.package,
            self.host,
        )

    @classmethod
    def of(cls, finding: Finding) -> BaselineFinding:
        key = FindingKey.of(finding)
        return cls(
            rule=finding.rule,
            data=finding.data,
            api=finding.api,
            actor=BaselineActor(
                kind=finding.actor.kind, name=finding.actor.name, package=finding.actor.package
            ),
            host=key.host,
            fingerprint=key.fingerprint(),
            process=finding.process,
            phase=finding.phase,
        )


class Acceptance(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: str = ""
    at: str = ""  # ISO 8601
    run: str = ""  # the run folder the findings came from
    tool_version: str = ""
    device: str = ""


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["harness-baseline"] = BASELINE_FORMAT
    version: Literal[1] = 1
    package: str = ""
    accepted: Acceptance | None = None
    findings: list[BaselineFinding] = Field(default_factory=list)
    waivers: list[Waiver] = Field(default_factory=list)

    def keys(self) -> dict[FindingKey, BaselineFinding]:
        return {f.key(): f for f in self.findings}


def load_baseline(path: Path) -> Baseline | None:
    """The baseline at `path`, or None when there is none yet; malformed: ConfigError."""
    if not path.exists():
        return None
    raw = read_bounded(path, MAX_BASELINE_BYTES, "baseline")
    data = load_json(raw, path, "baseline")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: a baseline is a JSON object with `findings` and `waivers`")
    try:
        return Baseline.model_validate(data)
    except ValidationError as exc:
        # JSON is (nearly) YAML: its node tree gives line numbers for the message
        raise validation_error(path, node_tree(raw), exc) from None


def save_baseline(baseline: Baseline, path: Path) -> None:
    ordered = baseline.model_copy(
        update={"findings": sorted(baseline.findings, key=lambda f: f.key())}
    )
    text = json.dumps(ordered.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text)  # a crash mid-write never leaves half a baseline


def load_report(run_dir: Path) -> tuple[RunReport, Path]:
    """report.json of a run folder (or of `<dir>/run/`, the folder `harness check` writes)."""
    candidates = [run_dir / "report.json", run_dir / "run" / "report.json"]
    if run_dir.is_file():
        candidates.insert(0, run_dir)
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise ConfigError(f"{run_dir}: no report.json here (nor in {run_dir / 'run'})")
    raw = read_bounded(path, MAX_REPORT_BYTES, "run report")
    data = load_json(raw, path, "run report")
    try:
        return RunReport.model_validate(data), path
    except ValidationError as exc:
        raise validation_error(path, None, exc) from None


def waived_keys(report: RunReport, waivers: list[Waiver]) -> dict[FindingKey, Waiver]:
    """The run's keys that a waiver covers (in force or expired), each with that waiver."""
    out: dict[FindingKey, Waiver] = {}
    for finding in report.findings:
        key = FindingKey.of(finding)
        waiver = governing_waiver(waivers, key)
        if waiver is not None:
            out.setdefault(key, waiver)
    return out


def baseline_from_report(
    report: RunReport,
    *,
    previous: Baseline | None,
    by: str,
    run: str,
    waivers: list[Waiver] | None = None,
) -> Baseline:
    """A new baseline holding every finding of the run that no waiver covers; the previous
    baseline's waivers and notes are kept.

    `waivers` are the project file's; the previous baseline's own waivers apply as well. A waived
    finding is never accepted: the waiver, not the baseline, decides it until it is removed."""
    kept_waivers = list(previous.waivers) if previous else []
    waived = waived_keys(report, [*(waivers or []), *kept_waivers])
    seen: dict[FindingKey, BaselineFinding] = {}
    for finding in report.findings:
        key = FindingKey.of(finding)
        if key not in waived:
            seen.setdefault(key, BaselineFinding.of(finding))
    notes = previous.keys() if previous else {}
    findings = []
    for key, entry in seen.items():
        kept = notes.get(key)
        findings.append(entry.model_copy(update={"note": kept.note}) if kept else entry)
    return Baseline(
        package=report.target.package,
        accepted=Acceptance(
            by=by,
            at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            run=run,
            tool_version=__version__,
            device=report.device.name,
        ),
        findings=findings,
        waivers=kept_waivers,
    )

"""`harness check` as a library call: run (or reuse) a run, compare, write the CI outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from harness.check.baseline import load_baseline, load_report
from harness.check.compare import CheckResult, Status, compare
from harness.check.junit import write_junit
from harness.check.markdown import write_markdown
from harness.check.places import places_for
from harness.check.project import LoadedProject
from harness.check.sarif import write_sarif
from harness.errors import ExitCode
from harness.report.model import RunReport
from harness.run.tester import ManualTester

RUN_SUBDIR = "run"
OUTPUT_NAMES = {
    "sarif": "check.sarif",
    "junit": "check-junit.xml",
    "markdown": "check-summary.md",
    "json": "check.json",
}


@dataclass
class CheckOutcome:
    result: CheckResult
    out: Path
    run_dir: Path
    files: dict[str, Path]
    fail_on_partial: bool

    @property
    def exit_code(self) -> int:
        """FINDINGS for new (or no longer waived) findings; APP for an incomplete run, if the
        project says so; else OK. Findings that disappeared never fail."""
        if self.result.failing:
            return ExitCode.FINDINGS
        if self.fail_on_partial and not self.result.complete:
            return ExitCode.APP
        return ExitCode.OK


def run_check(
    loaded: LoadedProject,
    *,
    out: Path | None = None,
    from_run: Path | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
    tester: ManualTester | None = None,
) -> CheckOutcome:
    """Run the protocol per the project (or read `from_run`), compare, write outputs into `out`.

    Infrastructure failures propagate as the run's own HarnessError (after the run folder has
    been written by run_app)."""
    project = loaded.project
    out = (out or project.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    # read the baseline first: a malformed one should stop us before a long run
    baseline = load_baseline(project.baseline)
    report: RunReport
    if from_run is not None:
        report, report_path = load_report(from_run)
        run_dir = report_path.parent
    else:
        from harness.run.protocol import run_app

        run_dir = out / RUN_SUBDIR
        report = run_app(loaded.run_config(run_dir), progress=progress, tester=tester)
    result = compare(
        report,
        baseline,
        project.waivers,
        today=today or date.today(),
        rules=project.rules,
    )
    files = {role: out / name for role, name in OUTPUT_NAMES.items()}
    write_sarif(result, files["sarif"], places=places_for(loaded))
    write_junit(result, files["junit"], fail_on_partial=project.fail_on_partial)
    write_markdown(result, files["markdown"], fail_on_partial=project.fail_on_partial)
    outcome = CheckOutcome(result, out, run_dir, files, project.fail_on_partial)
    files["json"].write_text(json.dumps(check_json(outcome), indent=2) + "\n", encoding="utf-8")
    return outcome


def check_json(outcome: CheckOutcome) -> dict[str, object]:
    """Machine-readable verdict (check.json), for scripts that post-process CI results."""
    result = outcome.result
    return {
        "package": result.package,
        "exit_code": outcome.exit_code,
        "run_status": result.report.status,
        "run_dir": str(outcome.run_dir),
        "has_baseline": result.has_baseline,
        "today": result.today.isoformat(),
        "counts": {s.value: len(result.having(s)) for s in Status},
        "entries": [
            {
                "status": e.status.value,
                "fingerprint": e.fingerprint,
                "rule": e.key.rule.value,
                "data": e.key.data.value,
                "api": e.key.api,
                "actor": {
                    "kind": e.key.actor_kind,
                    "name": e.key.actor_name,
                    "package": e.key.actor_package,
                },
                "host": e.key.host,
                "waiver": e.waiver.model_dump(mode="json") if e.waiver else None,
            }
            for e in result.entries
        ],
        "problems": result.problems,
        "files": {role: str(path) for role, path in outcome.files.items()},
    }

"""Regression checks for app teams' CI: project file, baseline, waivers, comparison, CI outputs.

loaded = load_project(Path("harness.yaml"))
outcome = run_check(loaded)            # runs the protocol, writes SARIF/JUnit/Markdown/JSON
sys.exit(outcome.exit_code)            # 1 only for new findings (or expired waivers)
"""

from harness.check.baseline import Baseline, baseline_from_report, load_baseline, save_baseline
from harness.check.compare import CheckEntry, CheckResult, Status, compare
from harness.check.key import FindingKey
from harness.check.project import LoadedProject, Project, load_project, project_schema
from harness.check.runner import CheckOutcome, run_check
from harness.check.waivers import Waiver

__all__ = [
    "Baseline",
    "CheckEntry",
    "CheckOutcome",
    "CheckResult",
    "FindingKey",
    "LoadedProject",
    "Project",
    "Status",
    "Waiver",
    "baseline_from_report",
    "compare",
    "load_baseline",
    "load_project",
    "project_schema",
    "run_check",
    "save_baseline",
]

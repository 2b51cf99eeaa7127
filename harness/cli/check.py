"""`harness check`, `harness baseline accept`, `harness project schema|validate`: CI runs."""

from __future__ import annotations

import getpass
import json
import os
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harness.errors import ConfigError
from harness.untrusted import literal

err = Console(stderr=True)


def _console() -> Console:
    # CI logs are read and grepped line by line: never wrap a finding
    return Console(soft_wrap=True, highlight=False)


baseline_app = typer.Typer(
    help="Manage the accepted findings of a `harness check` project.", no_args_is_help=True
)
project_app = typer.Typer(
    help="The `harness check` project file (harness.yaml).", no_args_is_help=True
)

ProjectFile = Annotated[
    Path,
    typer.Option("--project", "-p", envvar="HARNESS_PROJECT", help="Project file (harness.yaml)"),
]
DEFAULT_PROJECT = Path("harness.yaml")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.add_typer(baseline_app, name="baseline")
    app.add_typer(project_app, name="project")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def check(
    project: ProjectFile = DEFAULT_PROJECT,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default: the project's `out`)"),
    ] = None,
    from_run: Annotated[
        Path | None,
        typer.Option("--from-run", help="Compare an existing run folder instead of running"),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Date waivers are judged against (YYYY-MM-DD)"),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only failing findings")
    ] = False,
) -> None:
    """Run the app per the project file and fail (exit 1) only on findings not in the baseline."""
    from harness.check.compare import Status
    from harness.check.project import load_project
    from harness.check.runner import run_check
    from harness.cli.tester import TerminalTester

    when = _parse_date(today)
    loaded = load_project(project)
    tester = TerminalTester() if loaded.project.protocol.consent == "manual" else None
    started = time.monotonic()
    if from_run is not None or quiet:
        outcome = run_check(loaded, out=out, from_run=from_run, today=when, tester=tester)
    else:
        with err.status("starting") as status:

            def progress(message: str) -> None:
                status.update(f"[bold]{message}[/] [dim]({time.monotonic() - started:.0f} s)[/]")

            outcome = run_check(loaded, out=out, today=when, progress=progress, tester=tester)

    result = outcome.result
    console = _console()
    labels = {
        Status.new: "[bold red]NEW[/]        ",
        Status.expired: "[bold red]EXPIRED[/]    ",
        Status.fixed: "[green]FIXED[/]      ",
        Status.waived: "[yellow]WAIVED[/]     ",
        Status.baselined: "[dim]BASELINED[/]  ",
    }
    shown = (Status.new, Status.expired) if quiet else tuple(labels)
    for entry in result.entries:
        if entry.status not in shown:
            continue
        line = labels[entry.status] + literal(entry.key.text())  # app-controlled text
        if entry.finding is not None and entry.status in (Status.new, Status.expired):
            f = entry.finding
            line += literal(f"  [{f.count}x in {f.process}, first at {f.first_offset_s:.2f} s]")
        if entry.waiver is not None and entry.status == Status.expired:
            line += literal(f"  (waiver expired on {entry.waiver.expires}: {entry.waiver.reason})")
        if entry.waiver is not None and entry.status == Status.waived:
            line += literal(f"  (until {entry.waiver.expires}: {entry.waiver.reason})")
        console.print(line, soft_wrap=True, highlight=False)
    for problem in result.problems:
        console.print(f"[yellow]problem:[/] {literal(problem)}", highlight=False)
    if not result.has_baseline:
        console.print(
            f"no baseline at {literal(str(loaded.project.baseline))}: every finding is new; after "
            f"review run `harness baseline accept {literal(str(outcome.run_dir))}`",
            highlight=False,
        )
    counts = {s: len(result.having(s)) for s in Status}
    console.print(
        f"{literal(result.package)}: {counts[Status.new]} new, {counts[Status.expired]} expired "
        f"waiver(s), {counts[Status.fixed]} fixed, {counts[Status.waived]} waived, "
        f"{counts[Status.baselined]} baselined (run {result.report.status}); outputs in "
        f"{literal(str(outcome.out))}",
        highlight=False,
    )
    code = outcome.exit_code
    if code and not result.failing:
        err.print("the run did not complete, so no pass can be claimed (fail_on_partial: true)")
    if code:
        raise typer.Exit(code)


def _who() -> str:
    for var in ("GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILD_REQUESTEDFOR", "USER"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@baseline_app.command("accept")
def accept(
    run_dir: Annotated[Path, typer.Argument(help="A reviewed run folder (with report.json)")],
    project: ProjectFile = DEFAULT_PROJECT,
    by: Annotated[
        str | None, typer.Option("--by", help="Who reviewed it (default: the CI user)")
    ] = None,
    allow_partial: Annotated[
        bool, typer.Option("--allow-partial", help="Accept a run that did not complete")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Date waivers are described against (YYYY-MM-DD)"),
    ] = None,
) -> None:
    """Make a reviewed run's findings the new baseline; waived findings stay out (and waived)."""
    from harness.check.baseline import (
        baseline_from_report,
        load_baseline,
        load_report,
        save_baseline,
        waived_keys,
    )
    from harness.check.project import load_project

    when = _parse_date(today) or date.today()

    loaded = load_project(project)
    path = loaded.project.baseline
    previous = load_baseline(path)
    report, report_path = load_report(run_dir)
    if report.status != "completed" and not allow_partial:
        raise ConfigError(
            f"{report_path}: the run is {report.status}; accepting it could drop findings the "
            "app still has",
            hint="re-run, or pass --allow-partial after review",
        )
    waivers = list(loaded.project.waivers)
    baseline = baseline_from_report(
        report,
        previous=previous,
        by=by if by is not None else _who(),
        run=str(report_path.parent),
        waivers=waivers,
    )
    waived = waived_keys(report, [*waivers, *baseline.waivers])
    save_baseline(baseline, path)
    before = set(previous.keys()) if previous else set()
    after = set(baseline.keys())
    added = sorted(after - before)
    removed = sorted(before - after)
    console = _console()
    for key in added:
        console.print("[green]+[/] " + literal(key.text()), highlight=False)
    for key in removed:
        console.print("[red]-[/] " + literal(key.text()), highlight=False)
    for key, waiver in sorted(waived.items()):
        # not accepted: the waiver keeps deciding, so its expiry fails the finding again
        if waiver.expired(when):
            state = f"waiver expired on {waiver.expires}, fails until renewed or removed"
        else:
            state = f"waived until {waiver.expires}"
        console.print(
            "[yellow]~[/] "
            + literal(f"{key.text()}  (kept waived, not accepted: {state}: {waiver.reason})"),
            highlight=False,
        )
    console.print(
        f"baseline {literal(str(path))}: {len(after)} finding(s) ({len(added)} added, "
        f"{len(removed)} removed), {len(waived)} kept out as waived, "
        f"{len(baseline.waivers)} waiver(s) kept",
        highlight=False,
    )


@project_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the project file (for editors and CI validation)."""
    from harness.check.project import project_schema

    typer.echo(json.dumps(project_schema(), indent=2))


@project_app.command("validate")
def validate(project: ProjectFile = DEFAULT_PROJECT) -> None:
    """Check a project file (paths, scenario, baseline) without running anything."""
    from harness.check.baseline import load_baseline
    from harness.check.project import load_project

    loaded = load_project(project)
    baseline = load_baseline(loaded.project.baseline)
    where = "none yet" if baseline is None else f"{len(baseline.findings)} finding(s)"
    typer.echo(f"{loaded.path}: ok (target {loaded.project.app.target}; baseline: {where})")

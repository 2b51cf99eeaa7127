"""`harness batch` (many apps over a device pool) and `harness summary` (cross-app results)."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import typer
from rich.console import Console

from harness.batch.settings import BatchSettings
from harness.cli.options import DevicesFile, settings_options
from harness.untrusted import literal

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.command("summary")(summary)


@settings_options(BatchSettings)
def batch(
    targets: list[str] | None = typer.Argument(
        None,
        help="APKs, folders of APKs or of simulated apps, text files of package names",
    ),
    devices: DevicesFile = None,
    out: Path | None = typer.Option(None, "--out", "-o", help="Batch folder (RUNDIR)"),
    resume: Path | None = typer.Option(
        None,
        "--resume",
        help="Continue the batch in this folder (after a crash, Ctrl-C, kill) with its settings",
    ),
    sim_slots: int | None = typer.Option(
        None,
        "--sim-slots",
        min=0,
        help="Simulated devices to add to the pool (default 1 without an inventory)",
    ),
    no_summary: bool = typer.Option(
        False, "--no-summary", help="Do not write the summary at the end"
    ),
    live: bool | None = typer.Option(
        None, "--live/--log", help="Live display or one line per app (default: live on a terminal)"
    ),
    *,
    settings: BatchSettings,
) -> None:
    """Test many apps on all healthy devices in parallel; results go to RUNDIR/harness.db."""
    from harness.batch.api import BatchStart, batch_folder, run_batch_folder
    from harness.batch.progress import BatchProgress
    from harness.batch.summary import write_summary

    rundir = batch_folder(list(targets or []), out, resume)
    if resume is not None and settings != BatchSettings():
        err.print(
            "[yellow]note:[/] a resumed batch keeps the settings it was started with; only "
            "--devices and --sim-slots apply"
        )

    def display(start: BatchStart) -> BatchProgress:
        if start.recovered:
            err.print(
                f"{start.recovered} app run(s) interrupted by the previous batch will run again"
            )
        return BatchProgress(
            start.total, start.states, start.devices, live=live, mean_seconds=start.mean_seconds
        )

    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        done = run_batch_folder(
            rundir,
            targets=list(targets or []),
            settings=None if resume is not None else settings,
            inventory=devices,
            sim_slots=sim_slots,
            display=display,
            stop=stop,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)

    outcome = done.outcome
    for device, reason in outcome.quarantined.items():
        err.print(f"[red]quarantined[/] {literal(device)}: {literal(reason)}")
    parts = ", ".join(f"{state} {n}" for state, n in sorted(done.final.items()))
    err.print(f"{done.total} apps: {parts}")
    if not no_summary:
        written = write_summary(rundir)
        err.print(f"summary: {literal(str(written['html']))}")
    if outcome.interrupted:
        err.print(f"stopped; continue with: harness batch --resume {literal(str(rundir))}")
    elif outcome.pending:
        err.print(
            f"{outcome.pending} app(s) not run (no healthy device left); fix the devices and "
            f"continue with: harness batch --resume {literal(str(rundir))}"
        )
    if done.exit_code:
        raise typer.Exit(done.exit_code)


def summary(
    rundir: Path = typer.Argument(..., help="A batch folder (holds harness.db)"),
    fmt: str = typer.Option("html,json,xlsx", "--format", help="Comma list of html, json, xlsx"),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Folder for the files (default RUNDIR)"
    ),
) -> None:
    """Per SDK: in how many apps it broke each rule per data category; per app; infra failures."""
    from harness.batch.summary import write_summary

    formats = tuple(f.strip() for f in fmt.split(",") if f.strip())
    written = write_summary(rundir, formats, out)
    for path in written.values():
        sys.stdout.write(f"{path}\n")

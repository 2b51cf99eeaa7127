"""`harness batch` (many apps over a device pool) and `harness summary` (cross-app results)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from harness.batch.settings import BatchSettings
from harness.cli.options import DevicesFile, settings_options
from harness.errors import ConfigError
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
    broker: str | None = typer.Option(
        None,
        "--broker",
        metavar="URL",
        help="Queue the jobs on this Redis (redis://HOST:PORT/N) for `harness worker` hosts and "
        "follow the campaign; without it the apps run here",
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        metavar="URL",
        help="Result store: postgresql://USER@HOST/DB for several hosts (password in ~/.pgpass); "
        "default RUNDIR/harness.db",
    ),
    artifacts: Path | None = typer.Option(
        None,
        "--artifacts",
        metavar="DIR",
        help="Folder for the apps' run folders, on storage every worker host mounts "
        "(default RUNDIR)",
    ),
    require: list[str] | None = typer.Option(
        None,
        "--require",
        metavar="TAG",
        help="Run the apps only on devices with this tag (sim, android=14, abi=arm64-v8a, "
        "vendor=samsung, a label); repeatable",
    ),
    worker_timeout: float = typer.Option(
        20.0,
        "--worker-timeout",
        min=1.0,
        help="--broker: a device unseen this many seconds has lost its worker; its app runs again",
    ),
    route_grace: float = typer.Option(
        30.0,
        "--route-grace",
        min=0.0,
        help="--broker: seconds live workers get to offer a device with the required tags "
        "before an app is reported as unroutable",
    ),
    *,
    settings: BatchSettings,
) -> None:
    """Test many apps on all healthy devices in parallel; results go to RUNDIR/harness.db."""
    from harness.batch.api import BatchStart, FollowOptions, batch_folder, run_batch_folder
    from harness.batch.campaign import Campaign
    from harness.batch.db import shown, store_url
    from harness.batch.progress import BatchProgress
    from harness.batch.routing import check_tag
    from harness.batch.summary import write_summary
    from harness.run.interrupt import cancel_on_signals

    rundir = batch_folder(list(targets or []), out, resume)
    if resume is not None and settings != BatchSettings():
        err.print(
            "[yellow]note:[/] a resumed batch keeps the settings it was started with; only "
            "--devices, --sim-slots and --broker apply"
        )
    if broker is not None and (devices is not None or sim_slots is not None):
        raise ConfigError(
            "--broker: the devices belong to the workers; give --devices / --sim-slots to "
            "`harness worker` on each host"
        )
    requires = tuple(check_tag(t, "--require") for t in require or [])
    if requires and broker is None:
        raise ConfigError("--require routes jobs between worker hosts: it needs --broker")
    where = Campaign(
        store=shown(store_url(store)) if store else None,
        artifacts=str(artifacts.resolve()) if artifacts else None,
        broker=broker,
    )
    if store and "://" in store and store_url(store).password:
        err.print("[yellow]note:[/] the store's password is not kept: give it in ~/.pgpass")

    def display(start: BatchStart) -> BatchProgress:
        if start.recovered:
            err.print(
                f"{start.recovered} app run(s) interrupted by the previous batch will run again"
            )
        return BatchProgress(
            start.total, start.states, start.devices, live=live, mean_seconds=start.mean_seconds
        )

    # Ctrl-C and SIGTERM alike: the running apps are cancelled (each writes its partial report),
    # recorded as interrupted, and run again by --resume
    with cancel_on_signals() as stop:
        done = run_batch_folder(
            rundir,
            targets=list(targets or []),
            settings=None if resume is not None else settings,
            inventory=devices,
            sim_slots=sim_slots,
            display=display,
            stop=stop,
            where=where,
            requires=requires,
            follow=FollowOptions(broker, worker_timeout, route_grace),
        )

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
    if stop.signum is not None:
        raise typer.Exit(stop.exit_code)  # 130 for Ctrl-C, 143 for SIGTERM, as shells report
    if done.exit_code:
        raise typer.Exit(done.exit_code)


def summary(
    rundir: Path = typer.Argument(..., help="A batch folder (holds harness.db or campaign.json)"),
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

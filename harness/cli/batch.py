"""`harness batch` (many apps over a device pool) and `harness summary` (cross-app results)."""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

import typer
from rich.console import Console

from harness.errors import ConfigError, ExitCode
from harness.untrusted import literal

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.command("summary")(summary)


def batch(
    targets: list[str] | None = typer.Argument(
        None,
        help="APKs, folders of APKs or of simulated apps, text files of package names",
    ),
    devices: Path | None = typer.Option(
        None, "--devices", help="Device inventory (devices.yaml): every adb device in it is used"
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="Batch folder (RUNDIR)"),
    resume: Path | None = typer.Option(
        None, "--resume", help="Continue the batch in this folder (after a crash, Ctrl-C, kill)"
    ),
    sim_slots: int | None = typer.Option(
        None,
        "--sim-slots",
        min=0,
        help="Simulated devices to add to the pool (default 1 without --devices)",
    ),
    time_limit: float = typer.Option(
        600.0, "--time-limit", help="Cut one app's run after this many seconds"
    ),
    retries: int = typer.Option(
        2, "--retries", min=0, help="Retries of an app lost to infrastructure"
    ),
    quarantine_after: int = typer.Option(
        3,
        "--quarantine-after",
        min=1,
        help="Quarantine a device after this many infra failures in a row",
    ),
    window: float = typer.Option(15.0, help="Seconds observed before acting, and again after"),
    background_window: float = typer.Option(10.0, help="Seconds observed after pressing HOME"),
    dialog_timeout: float | None = typer.Option(
        None, help="Seconds to look for the dialog (default: --window)"
    ),
    consent: str = typer.Option("accept", help="Answer to the dialog: accept | reject | none"),
    permissions: str = typer.Option("all", help="Runtime permissions: all | none | manifest"),
    scenario: Path | None = typer.Option(None, help="Per-app consent selectors (YAML)"),
    raw_values: bool = typer.Option(False, "--raw-values", help="Record values unmasked"),
    no_summary: bool = typer.Option(
        False, "--no-summary", help="Do not write the summary at the end"
    ),
    live: bool | None = typer.Option(
        None, "--live/--log", help="Live display or one line per app (default: live on a terminal)"
    ),
) -> None:
    """Test many apps on all healthy devices in parallel; results go to RUNDIR/harness.db."""
    from pydantic import ValidationError

    from harness.batch.api import PoolSpec, create_batch, execute, open_batch
    from harness.batch.lock import BatchLock
    from harness.batch.progress import BatchProgress
    from harness.batch.settings import BatchSettings
    from harness.batch.summary import write_summary

    if resume is not None:
        if targets:
            raise ConfigError("--resume continues an existing batch: give no TARGETS with it")
        rundir = resume
        if not (rundir / "harness.db").is_file():
            raise ConfigError(f"{rundir}: no batch store here (expected harness.db)")
    else:
        if not targets:
            raise ConfigError("no TARGETS given (APKs, app folders, or a package list)")
        if out is None:
            raise ConfigError("--out RUNDIR is required for a new batch")
        rundir = out

    with BatchLock(rundir):
        if resume is not None:
            store, settings, pool, recovered = open_batch(rundir)
            if devices is not None:
                pool.inventory = str(devices.resolve())
            if sim_slots is not None:
                pool.sim_slots = sim_slots
            if recovered:
                err.print(
                    f"{recovered} app run(s) interrupted by the previous batch will run again"
                )
        else:
            assert targets
            try:
                settings = BatchSettings(
                    permissions=permissions,
                    consent=consent,
                    window=window,
                    background_window=background_window,
                    dialog_timeout=dialog_timeout,
                    scenario=scenario.resolve() if scenario else None,
                    raw_values=raw_values,
                    time_limit=time_limit,
                    retries=retries,
                    quarantine_after=quarantine_after,
                )
            except ValidationError as exc:
                first = exc.errors()[0]
                field = ".".join(str(p) for p in first["loc"])
                raise ConfigError(f"--{field.replace('_', '-')}: {first['msg']}") from None
            slots_wanted = sim_slots if sim_slots is not None else (0 if devices else 1)
            pool = PoolSpec(str(devices.resolve()) if devices else None, slots_wanted)
            pool.slots(rundir)  # check the pool before creating anything
            store = create_batch(rundir, list(targets), settings, pool)

        slots = pool.slots(rundir)
        states = store.app_states()
        total = sum(states.values())
        stop = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            with BatchProgress(
                total,
                states,
                [s.name for s in slots],
                live=live,
                mean_seconds=store.mean_run_seconds(),
            ) as progress:
                outcome = execute(
                    store,
                    rundir,
                    settings,
                    slots,
                    listener=progress,
                    stop=stop,
                    inventory=Path(pool.inventory) if pool.inventory else None,
                )
            final = store.app_states()
        finally:
            signal.signal(signal.SIGTERM, previous)
            store.close()

    for device, reason in outcome.quarantined.items():
        err.print(f"[red]quarantined[/] {literal(device)}: {literal(reason)}")
    parts = ", ".join(f"{state} {n}" for state, n in sorted(final.items()))
    err.print(f"{total} apps: {parts}")
    if not no_summary:
        written = write_summary(rundir)
        err.print(f"summary: {literal(str(written['html']))}")
    if outcome.interrupted:
        err.print(f"stopped; continue with: harness batch --resume {literal(str(rundir))}")
        raise typer.Exit(130)
    if outcome.pending:
        err.print(
            f"{outcome.pending} app(s) not run (no healthy device left); fix the devices and "
            f"continue with: harness batch --resume {literal(str(rundir))}"
        )
        raise typer.Exit(ExitCode.DEVICE)
    if final.get("failed_infra"):
        raise typer.Exit(ExitCode.DEVICE)


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

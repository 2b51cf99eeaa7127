"""`harness worker` (serve this host's devices to a campaign queue) and `harness workers`
(what every host's devices are doing)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from harness.cli.options import DevicesFile
from harness.untrusted import literal

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("worker")(worker)
    app.command("workers")(workers)


def worker(
    broker: str = typer.Option(..., "--broker", metavar="URL", help="Redis of the campaign queue"),
    devices: DevicesFile = None,
    sim_slots: int = typer.Option(
        0, "--sim-slots", min=0, help="Simulated devices to serve (default 1 without --devices)"
    ),
    store: str | None = typer.Option(
        None,
        "--store",
        metavar="URL",
        help="Result store to record into, instead of the one each job names (e.g. another "
        "host name for the same PostgreSQL)",
    ),
    artifacts: Path | None = typer.Option(
        None,
        "--artifacts",
        metavar="DIR",
        help="Where the campaign's artifact root is mounted on this host (default: the path the "
        "coordinator gave)",
    ),
    name: str | None = typer.Option(
        None, "--name", help="This host's name in the lab (default: the host name)"
    ),
    home: Path | None = typer.Option(
        None, "--home", help="Folder for the simulated devices' homes (default: the sim home)"
    ),
    tag: list[str] | None = typer.Option(
        None, "--tag", metavar="TAG", help="An extra tag for every device of this host"
    ),
    max_time_limit: float = typer.Option(
        600.0,
        "--max-time-limit",
        min=1.0,
        help="Longest --time-limit of a campaign this worker runs (sizes the broker's "
        "visibility timeout)",
    ),
    visibility: float | None = typer.Option(
        None,
        "--visibility-timeout",
        min=1.0,
        help="Seconds before Redis hands the task of a silent (killed) worker to another "
        "(default: --max-time-limit + 90)",
    ),
    heartbeat: float = typer.Option(
        2.0, "--heartbeat", min=0.1, help="Seconds between a device's registry updates"
    ),
    log_dir: Path | None = typer.Option(
        None, "--log-dir", help="Write each device process's log to DIR/<device>.log"
    ),
) -> None:
    """Run jobs of `harness batch --broker` campaigns on this host's devices until SIGTERM
    (each device finishes its current app first)."""
    from harness.batch.distributed.host import WorkerOptions, default_host, serve
    from harness.device.inventory import resolve_inventory_path
    from harness.paths import sim_home

    inventory = resolve_inventory_path(devices) if devices is not None else None
    host = name or default_host()
    options = WorkerOptions(
        broker=broker,
        host=host,
        inventory=inventory,
        sim_slots=sim_slots if (sim_slots or inventory) else 1,
        home=home or sim_home() / "worker",
        heartbeat_s=heartbeat,
        max_time_limit=max_time_limit,
        visibility_timeout=visibility,
        store=store,
        artifacts=artifacts,
        extra_tags=tuple(tag or []),
    )
    raise typer.Exit(serve(options, log_dir=log_dir, say=lambda line: err.print(literal(line))))


def workers(
    broker: str = typer.Option(..., "--broker", metavar="URL", help="Redis of the campaign queue"),
) -> None:
    """Each host, its devices, their tags and what they run now (from the device registry)."""
    from harness.batch.distributed.registry import Registry

    registry = Registry(broker)
    try:
        registry.check()
        statuses = registry.devices()
    finally:
        registry.close()
    table = Table("host", "device", "state", "app", "for", "done", "tags", box=None)
    now = time.time()
    for s in statuses:
        table.add_row(
            Text(s.host),
            Text(s.device.rpartition("/")[2]),
            Text(s.state),
            Text((s.app or s.detail)[:60]),
            f"{max(0.0, now - s.since):.0f} s",
            str(s.apps_done),
            Text(",".join(s.tags)),
        )
    Console().print(table)
    err.print(f"{len(statuses)} device(s) on {len({s.host for s in statuses})} host(s)")

"""`harness selftest`: run the probe on a device and say what did not arrive."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harness.cli.options import DeviceName, DevicesFile, inventory
from harness.errors import ExitCode
from harness.untrusted import literal


def register(app: typer.Typer) -> None:
    app.command("selftest")(selftest)


def selftest(
    device: DeviceName = "sim",
    devices_file: DevicesFile = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for selftest.json and the probe's run")
    ] = None,
    window: Annotated[float, typer.Option("--window", min=0.5, help="Observation window (s)")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON")] = False,
) -> None:
    """Install the probe app on DEVICE, run the protocol, check every expected call, marker and
    process arrived (exit 0), or list what failed and how to fix it (exit 1)."""
    from harness.selftest.runner import run_selftest

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = out or Path("runs") / f"selftest-{device.replace(':', '_')}-{stamp}"
    err = Console(stderr=True, highlight=False)
    report = run_selftest(
        device,
        folder,
        inventory=inventory(devices_file, None),
        window=window,
        progress=None if as_json else (lambda m: err.print(f"· {literal(m)}")),
    )
    if as_json:
        print(report.model_dump_json(indent=2))
    else:
        con = Console(highlight=False, soft_wrap=True)
        for item in report.items:
            mark = "[green]ok  [/]" if item.ok else "[red]FAIL[/]"
            con.print(f"{mark} {item.kind:7} {literal(item.name)}: {literal(item.detail)}")
            if not item.ok and item.fix:
                con.print(f"             fix: {literal(item.fix)}")
        failed = len(report.failures)
        verdict = "[green]passed[/]" if report.passed else f"[red]failed[/] ({failed} items)"
        con.print(f"self-test on {literal(device)}: {verdict}; {folder / 'selftest.json'}")
    if not report.passed:
        raise typer.Exit(ExitCode.FINDINGS)

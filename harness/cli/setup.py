"""`harness setup`: build what a first run needs (agent bundle, simulated framework), then check."""

from __future__ import annotations

import time

import typer
from rich.console import Console

out = Console()


def register(app: typer.Typer) -> None:
    app.command("setup")(setup)


def setup(
    skip_sim: bool = typer.Option(False, "--skip-sim", help="Do not build the simulated device"),
) -> None:
    """Build the Frida agent, the simulated device's framework and its Java runtime (cached)."""
    from harness.agent.session import agent_bundle

    t = time.monotonic()
    source = agent_bundle()
    out.print(f"agent: built ({len(source) // 1024} KiB) in {time.monotonic() - t:.1f} s")
    if not skip_sim:
        from harness.device.sim import build_framework

        t = time.monotonic()
        jar = build_framework()
        out.print(f"simulated device framework: {jar} ({time.monotonic() - t:.1f} s)")
        from harness.device.sim.runtime import app_runtime

        t = time.monotonic()
        # the jlink image app processes run on, built once per JDK; a failed build is retried
        runtime = app_runtime(retry=True)
        where = runtime.image or f"the JDK ({runtime.note})"
        out.print(f"simulated device runtime: {where} ({time.monotonic() - t:.1f} s)")
        from harness.device.sim.cds import device_archive

        t = time.monotonic()
        # the framework's class-data sharing archive (cds.py), else built at the first launch
        archive = device_archive(jar)
        shared = archive or "none (HARNESS_SIM_CDS=0, or its build failed: its .jsa.failed says)"
        out.print(f"simulated device class-data archive: {shared} ({time.monotonic() - t:.1f} s)")

"""`harness devices` (list, schema) and `harness doctor`: what devices exist and whether they are
ready for a run."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from harness.cli.options import DevicesFile, LegacyDevicesFile, inventory
from harness.device.status import Check
from harness.untrusted import literal

devices_app = typer.Typer(
    help="List configured and connected devices; export the devices.yaml schema.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def register(app: typer.Typer) -> None:
    app.add_typer(devices_app, name="devices")
    app.command("doctor")(doctor)


@devices_app.callback()
def devices(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON"),
    devices_file: DevicesFile = None,
    config: LegacyDevicesFile = None,
) -> None:
    """List the simulated device, every inventory entry and every connected adb device."""
    if ctx.invoked_subcommand is not None:
        return
    from harness.device.registry import list_devices

    statuses = list_devices(inventory(devices_file, config))
    if as_json:
        print(json.dumps([s.model_dump() for s in statuses], indent=2))
        return
    table = Table("name", "serial", "kind", "state", "android", "abi", "root", "frida-server")
    for s in statuses:
        server: str = s.frida_server
        if s.server_version:
            mark = "" if s.version_match else f" [red](host {s.host_frida_version})[/]"
            server = f"{server} {literal(s.server_version)}{mark}"
        root = (
            ""
            if s.kind == "sim"
            else (f"{s.root} ({'ok' if s.root_ok else 'no'})" if s.root_ok is not None else s.root)
        )
        table.add_row(
            literal(s.name),
            literal(s.serial or ""),
            s.kind,
            s.state if s.state in ("device", "ready") else f"[yellow]{literal(s.state)}[/]",
            literal(s.android_version),
            literal(s.abi),
            literal(root),
            server,
        )
    out = Console()
    out.print(table)
    for s in statuses:
        for problem in s.problems:
            out.print(f"[yellow]{literal(s.name)}:[/] {literal(problem)}")


@devices_app.command("schema")
def schema(
    out: Path | None = typer.Option(None, "--out", "-o", help="Write the schema to this file"),
) -> None:
    """Print (or write) the JSON Schema of devices.yaml, for editor completion and checks."""
    from harness.device.inventory import inventory_json_schema

    text = inventory_json_schema()
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        Console(stderr=True).print(f"wrote {literal(str(out))}")


_STYLE = {"ok": "green", "warn": "yellow", "fail": "red"}


def _ocr_check() -> Check:
    """The consent detector's OCR engine: optional (prompts in UI dumps need none), so a warning."""
    from harness.consent.ocr import engine_state

    installed, detail = engine_state()
    if installed:
        return Check("consent OCR", "ok", detail)
    return Check("consent OCR", "warn", detail, fix="pip install 'harness[ocr]'")


def doctor(
    device: str = typer.Argument(
        "sim", envvar="ANDROID_SERIAL", help="Device name/serial from the inventory, or 'sim'"
    ),
    devices_file: DevicesFile = None,
    config: LegacyDevicesFile = None,
    start: bool = typer.Option(False, "--start", help="Also push/start frida-server (adb)"),
    as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON"),
) -> None:
    """Check everything a run on DEVICE needs; print a fix for each problem."""
    from dataclasses import asdict

    from harness.device.registry import diagnose

    checks = diagnose(device, inventory(devices_file, config), start_server=start)
    checks.append(_ocr_check())
    if as_json:
        print(json.dumps([asdict(c) for c in checks], indent=2))
    else:
        out = Console(highlight=False, soft_wrap=True)
        for c in checks:
            line = f"[{_STYLE[c.status]}]{c.status:4}[/] {literal(c.name)}: {literal(c.detail)}"
            out.print(line)
            if c.fix and c.status != "ok":
                out.print(f"     fix: {literal(c.fix)}")
    if any(c.status == "fail" for c in checks):
        raise typer.Exit(3)

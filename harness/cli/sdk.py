"""`harness sdk`: the SDK knowledge base (list) and a stack -> actor verdict (attribute)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from harness.errors import ConfigError

MAX_STACK_BYTES = 4 * 1024 * 1024  # a pasted stack or event, never this large

sdk_app = typer.Typer(help="The SDK knowledge base and stack attribution.", no_args_is_help=True)

SDK_FILE_HELP = "Extra SDK file (YAML, same shape as the built-in list); its entries win"
SdkFileOption = Annotated[Path | None, typer.Option("--sdk-file", help=SDK_FILE_HELP)]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(sdk_app, name="sdk")


@sdk_app.command("attribute")
def attribute(
    stack_file: Annotated[Path, typer.Argument(help="JSON list of frame strings, innermost first")],
    app_package: Annotated[str, typer.Option("--app-package", help="The app's package name")],
    sdk_file: SdkFileOption = None,
) -> None:
    """Print who made a call with this stack (an Actor, as JSON)."""
    from harness.attribution import Attributor, load_sdk_db

    frames = _read_stack(stack_file)
    actor = Attributor(load_sdk_db(sdk_file), app_package).attribute(frames)
    print(actor.model_dump_json(indent=2))


@sdk_app.command("list")
def list_sdks(
    as_json: Annotated[bool, typer.Option("--json", help="Print the entries as JSON")] = False,
    sdk_file: SdkFileOption = None,
) -> None:
    """List the SDKs attribution knows: name, vendor, category, package prefixes."""
    from harness.attribution import load_sdk_db

    db = load_sdk_db(sdk_file)
    entries = sorted(db.entries, key=lambda e: (e.vendor.lower(), e.name.lower()))
    if as_json:
        print(json.dumps([e.model_dump() for e in entries], indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    from harness.untrusted import literal

    table = Table("name", "vendor", "category", "prefixes")
    for e in entries:
        prefixes = ", ".join(e.prefixes)
        table.add_row(literal(e.name), literal(e.vendor), e.category, literal(prefixes))
    out = Console()
    out.print(table)
    out.print(f"{len(entries)} SDKs")


def _read_stack(path: Path) -> list[str]:
    from harness.yamlfile import load_json, read_bounded

    data = load_json(read_bounded(path, MAX_STACK_BYTES, "stack file"), path, "stack file")
    if isinstance(data, dict) and isinstance(data.get("stack"), list):
        data = data["stack"]  # a CallEvent or finding pasted whole
    if not isinstance(data, list) or not all(isinstance(f, str) for f in data):
        raise ConfigError(
            f"{path}: expected a JSON list of frame strings (innermost first), "
            'e.g. ["com.vendor.sdk.A.b(A.java:1)", "com.example.app.Main.onCreate(Main.java:9)"]'
        )
    return data

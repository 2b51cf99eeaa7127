"""`harness hooks`: list the catalogue of hooked APIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from harness.errors import ConfigError
from harness.model import Category

if TYPE_CHECKING:
    from harness.catalog import CatalogEntry


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.command("hooks")(hooks)


def hooks(
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only APIs of this data category.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    catalog_file: Annotated[
        Path | None, typer.Option("--catalog", help="Another catalogue file to list/validate.")
    ] = None,
) -> None:
    """List the privacy-sensitive APIs the agent hooks (hooks/catalog.yaml)."""
    from harness.catalog import load_catalog

    catalog = load_catalog(catalog_file)
    entries = catalog.entries
    if category is not None:
        try:
            wanted = Category(category)
        except ValueError:
            names = ", ".join(c.value for c in Category)
            raise ConfigError(
                f"--category: unknown category {category!r} (one of: {names})"
            ) from None
        entries = catalog.by_category(wanted)
    if as_json:
        data = [
            e.model_dump(mode="json", by_alias=True)
            | {"categories": [c.value for c in e.categories()]}
            for e in entries
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _render(entries)


def _render(entries: list[CatalogEntry]) -> None:
    from rich.console import Console
    from rich.table import Table

    from harness.untrusted import literal

    table = Table(title=f"{len(entries)} hooked APIs", show_lines=False)
    for column in ("id", "category", "API", "side", "description"):
        table.add_column(column, overflow="fold")
    for e in entries:
        cats = ", ".join(c.value for c in e.categories())
        if e.kind == "network" and e.channel is not None:
            cats = f"sends ({e.channel.value})"
        side = e.side if e.kind == "java" else e.kind
        # a description like "IMEI [deprecated]" would otherwise lose its brackets as markup
        table.add_row(literal(e.id), cats, literal(e.api), side, literal(e.description_en))
    Console().print(table)

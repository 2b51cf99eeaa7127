"""`harness consent`: inspect saved UI dumps the way `harness run` judges the consent dialog."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from harness.errors import ConfigError

if TYPE_CHECKING:
    from harness.consent.detector import Detection
from harness.untrusted import literal

consent_app = typer.Typer(
    name="consent",
    help="Consent dialog detection on uiautomator dumps.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
    app.add_typer(consent_app, name="consent")


def _read_dump(path: Path) -> bytes:
    from harness.consent.uidump import MAX_DUMP_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_DUMP_BYTES:
            raise ConfigError(f"{path}: UI dump is {size} bytes, over the {MAX_DUMP_BYTES} limit")
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read UI dump ({exc.strerror or exc})") from None


def _read_png(path: Path) -> bytes:
    from harness.consent.ocr import MAX_PNG_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_PNG_BYTES:
            raise ConfigError(f"{path}: screenshot is {size} bytes, over the {MAX_PNG_BYTES} limit")
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read screenshot ({exc.strerror or exc})") from None


def _ocr(path: Path) -> Detection:
    from harness.consent.ocr import OcrEngine, OcrError
    from harness.consent.ocr_detect import detect_ocr

    png = _read_png(path)
    try:
        return detect_ocr(OcrEngine.shared().read(png))
    except OcrError as exc:
        raise ConfigError(f"{path}: {exc.message}") from None


@consent_app.command("inspect")
def inspect(
    dump: Annotated[
        Path | None,
        typer.Argument(help="uiautomator XML dump (adb shell uiautomator dump); or a PNG"),
    ] = None,
    screenshot: Annotated[
        Path | None,
        typer.Option(
            "--screenshot",
            help="The screen as a PNG: read by OCR when the dump shows no prompt (or alone)",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print {dialog, accept, reject, source} as JSON")
    ] = False,
    scenario: Annotated[
        Path | None, typer.Option("--scenario", help="Per-app selector file (YAML)")
    ] = None,
    after_refusal: Annotated[
        bool,
        typer.Option("--after-refusal", help="Judge the dump as the prompt shown after a refusal"),
    ] = False,
) -> None:
    """Show whether DUMP (and/or a screenshot) holds a consent dialog and the taps that would
    accept or refuse it. With both, the dump decides unless it shows no prompt, as in a run with
    --consent-ocr auto."""
    from harness.consent.detector import detect
    from harness.consent.scenario import load_scenario
    from harness.consent.uidump import DumpError

    if dump is not None and dump.suffix.lower() == ".png" and screenshot is None:
        dump, screenshot = None, dump
    if dump is None and screenshot is None:
        raise ConfigError("consent inspect: give a UI dump (XML), a screenshot (PNG), or both")
    # errors propagate to the entry point: one line, and an error object with --json
    loaded = load_scenario(scenario) if scenario is not None else None
    found: Detection | None = None
    if dump is not None:
        raw = _read_dump(dump)
        try:
            found = detect(raw, scenario=loaded, followup=after_refusal)
        except DumpError as exc:
            raise ConfigError(f"{dump}: {exc.message}") from None
    if screenshot is not None and (
        found is None or not (found.dialog or "permission prompt" in found.reason)
    ):
        seen = _ocr(screenshot)
        if found is None or seen.dialog:
            found = seen
    assert found is not None
    shown = dump if found.source == "dump" else screenshot

    if as_json:
        typer.echo(json.dumps(found.to_json(), ensure_ascii=False))
        return
    out = Console(highlight=False)
    verdict = "[bold green]consent dialog[/]" if found.dialog else "[bold]no consent dialog[/]"
    out.print(
        f"{literal(str(shown))}: {verdict} [dim](from the {found.source})[/]"
        + (f" ({literal(found.package)})" if found.package else "")
    )
    if found.reason:
        out.print(f"[dim]{literal(found.reason)}[/]")
    if not found.dialog:
        return
    table = Table("answer", "step", "kind", "text", "tap", "bounds")
    for answer, plan in (("accept", found.accept), ("reject", found.reject)):
        if not plan:
            table.add_row(answer, "-", "", "[dim](no way found)[/]", "", "")
        for number, action in enumerate(plan, 1):
            left, top, right, bottom = action.bounds
            table.add_row(
                answer,
                str(number),
                action.kind,
                literal(action.text),  # app-controlled: never rich markup
                f"({action.x}, {action.y})",
                f"[{left},{top}][{right},{bottom}]",
            )
    out.print(table)


@consent_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    from harness.consent.scenario import scenario_schema

    typer.echo(json.dumps(scenario_schema(), indent=2, ensure_ascii=False))

"""`harness run`: test one app for collection before consent."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console

from harness.model import Rule
from harness.report.model import RunReport
from harness.run.config import FrequencyLimit, RunConfig

err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def _parse_rules(value: str | None) -> list[Rule]:
    if not value:
        return []
    rules = []
    for name in value.split(","):
        name = name.strip()
        try:
            rules.append(Rule(name))
        except ValueError:
            known = ", ".join(r.value for r in Rule)
            raise typer.BadParameter(f"unknown rule {name!r} (known: {known}, or 'all')") from None
    return rules


def run(
    target: str = typer.Argument(
        ..., help="APK, split-APK folder, installed package name, or simulated-app folder"
    ),
    device: str = typer.Option("sim", "--device", "-d", help="Device name/serial, or 'sim'"),
    config: Path | None = typer.Option(
        None, "--config", envvar="HARNESS_DEVICES", help="Device inventory (devices.yaml)"
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Run folder (default runs/<app>-<time>)"
    ),
    permissions: str = typer.Option("all", help="Runtime permissions: all | none | manifest"),
    consent: str = typer.Option(
        "accept", help="Answer to the dialog: accept | reject | none | manual"
    ),
    window: float = typer.Option(15.0, help="Seconds observed before acting, and again after"),
    background_window: float = typer.Option(10.0, help="Seconds observed after pressing HOME"),
    dialog_timeout: float | None = typer.Option(
        None, help="Seconds to look for the dialog (default: --window)"
    ),
    scenario: Path | None = typer.Option(None, help="Per-app consent selectors (YAML)"),
    sdk_file: Path | None = typer.Option(None, help="Extra SDK prefixes (YAML), merged over ours"),
    max_reads: int = typer.Option(2, help="excessive_frequency: more than this many reads ..."),
    per_seconds: float = typer.Option(2.0, help="... of one category within this many seconds"),
    raw_values: bool = typer.Option(False, "--raw-values", help="Record values unmasked"),
    no_install: bool = typer.Option(False, "--no-install", help="Use the installed app as is"),
    no_clear: bool = typer.Option(
        False, "--no-clear", help="Keep the app's data (not a first launch)"
    ),
    fail_on: str | None = typer.Option(
        None, help="Exit 1 when findings of these rules exist (comma list, or 'all')"
    ),
    time_limit: float | None = typer.Option(None, help="Cut the whole run after this many seconds"),
    as_json: bool = typer.Option(
        False, "--json", help="Print the report path and a summary as JSON"
    ),
) -> None:
    """Test one app: spawn it instrumented, watch and answer the consent dialog, report findings."""
    from harness.run.protocol import default_out_dir, run_app

    rules = list(Rule) if fail_on == "all" else _parse_rules(fail_on)
    try:
        cfg = RunConfig(
            target=target,
            device=device,
            inventory=config,
            out=out or default_out_dir(target),
            permissions=permissions,
            consent=consent,
            window=window,
            background_window=background_window,
            dialog_timeout=dialog_timeout,
            scenario=scenario,
            sdk_file=sdk_file,
            raw_values=raw_values,
            install=not no_install,
            clear_data=not no_clear,
            frequency=FrequencyLimit(max_reads=max_reads, per_seconds=per_seconds),
            fail_on=rules,
            time_limit=time_limit,
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None

    started = time.monotonic()
    if as_json:
        report = run_app(cfg)
    else:
        with err.status("starting") as status:

            def progress(message: str) -> None:
                status.update(f"[bold]{message}[/] [dim]({time.monotonic() - started:.0f} s)[/]")

            report = run_app(cfg, progress=progress)

    by_rule: dict[str, int] = {}
    for finding in report.findings:
        by_rule[finding.rule.value] = by_rule.get(finding.rule.value, 0) + 1
    report_path = cfg.out / "report.html"
    if as_json:
        print(
            json.dumps(
                {
                    "status": report.status,
                    "report": str(cfg.out / "report.json"),
                    "html": str(report_path),
                    "package": report.target.package,
                    "findings": len(report.findings),
                    "by_rule": by_rule,
                    "events": report.event_count,
                    "problems": [p.message for p in report.problems],
                }
            )
        )
    else:
        _print_summary(report, report_path)
    if cfg.fail_on and any(f.rule in cfg.fail_on for f in report.findings):
        raise typer.Exit(1)


def _print_summary(report: RunReport, html: Path) -> None:
    from rich.table import Table

    from harness.untrusted import literal

    out = Console()
    c = report.consent
    out.print(
        f"[bold]{literal(report.target.package)}[/] on {literal(report.device.name)}: "
        f"{report.status}, {report.event_count} calls recorded, consent: {c.outcome}"
        + (" (dialog detected)" if c.dialog_detected else "")
    )
    for problem in report.problems:
        out.print(f"[yellow]problem:[/] {problem.kind}: {literal(problem.message)}")
    if report.findings:
        table = Table("rule", "data", "api", "actor", "process", "count", "first (s)")
        for f in report.findings:
            table.add_row(
                # app-controlled strings: never let them be read as rich markup
                f.rule.value,
                f.data.value,
                literal(f.api),
                literal(f"{f.actor.kind}:{f.actor.name}"),
                literal(f.process),
                str(f.count),
                f"{f.first_offset_s:.2f}",
            )
        out.print(table)
    else:
        out.print("no findings")
    out.print(f"report: {literal(str(html))}")

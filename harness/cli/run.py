"""`harness run`: test one app for collection before consent."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer
from rich.console import Console

from harness.cli.options import (
    DeviceName,
    DevicesFile,
    LegacyDevicesFile,
    inventory,
    settings_options,
)
from harness.errors import HarnessError
from harness.model import Finding, Rule, SentFinding
from harness.report.model import RunReport
from harness.run.config import RunConfig
from harness.settings import RunSettings
from harness.untrusted import clip, literal

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


@settings_options(RunSettings)
def run(
    target: str = typer.Argument(..., help=RunConfig.model_fields["target"].description),
    device: DeviceName = "sim",
    devices: DevicesFile = None,
    config: LegacyDevicesFile = None,
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Run folder (default runs/<app>-<time>)"
    ),
    fail_on: str | None = typer.Option(
        None, help="Exit 1 when findings of these rules exist (comma list, or 'all')"
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print the report path and a summary as JSON (an error object on failure)",
    ),
    sign_key: Path | None = typer.Option(
        None, "--sign-key", help=RunConfig.model_fields["sign_key"].description
    ),
    pdf: bool = typer.Option(False, "--pdf", help=RunConfig.model_fields["pdf"].description),
    capture: Path | None = typer.Option(
        None, "--capture", help=RunConfig.model_fields["capture"].description
    ),
    also_install: list[str] = typer.Option(
        [], "--also-install", help=RunConfig.model_fields["also_install"].description
    ),
    *,
    settings: RunSettings,
) -> None:
    """Test one app: spawn it instrumented, watch and answer the consent dialog, report findings."""
    from harness.cli.tester import TerminalTester
    from harness.run.interrupt import cancel_on_signals, reason_of
    from harness.run.protocol import default_out_dir, run_app

    rules = list(Rule) if fail_on == "all" else _parse_rules(fail_on)
    cfg = RunConfig(
        target=target,
        device=device,
        inventory=inventory(devices, config),
        out=out or default_out_dir(target),
        fail_on=rules,
        sign_key=sign_key,
        pdf=pdf,
        capture=capture,
        also_install=also_install,
        **settings.model_dump(),
    )
    if cfg.capture is not None:
        from harness.network.capture import check_capture_path

        check_capture_path(cfg.capture)
    tester = TerminalTester() if cfg.consent == "manual" else None

    started = time.monotonic()
    with cancel_on_signals() as cancel:
        try:
            if as_json:
                report = run_app(cfg, tester=tester, cancel=cancel)
            elif tester is not None:  # a spinner would overwrite the tester's prompts
                say = lambda msg: err.print(msg, markup=False)  # noqa: E731
                report = run_app(cfg, progress=say, tester=tester, cancel=cancel)
            else:
                with err.status("starting") as status:

                    def progress(message: str) -> None:
                        took = time.monotonic() - started
                        status.update(f"[bold]{message}[/] [dim]({took:.0f} s)[/]")

                    report = run_app(cfg, progress=progress, tester=tester, cancel=cancel)
        except HarnessError as exc:
            if not cancel.is_set():
                raise
            err.print(f"interrupted: {literal(exc.message)}")
            raise typer.Exit(cancel.exit_code) from None

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
    if cancel.is_set():  # the partial report is written: exit as the signal would have
        err.print(f"{reason_of(cancel)}: partial report in {literal(str(cfg.out))}", soft_wrap=True)
        raise typer.Exit(cancel.exit_code)
    if cfg.fail_on and any(f.rule in cfg.fail_on for f in report.findings):
        raise typer.Exit(1)


def _api_or_host(f: Finding) -> str:
    """A sent_* finding's place in the table: where the value went, and how."""
    if isinstance(f, SentFinding):
        return f"→ {clip(f.host, 60)} as {clip(f.encoding, 40)}"
    return f.api


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
                literal(_api_or_host(f)),
                literal(f"{f.actor.kind}:{f.actor.name}"),
                literal(f.process),
                str(f.count),
                f"{f.first_offset_s:.2f}",
            )
        out.print(table)
    else:
        out.print("no findings")
    out.print(f"report: {literal(str(html))}")

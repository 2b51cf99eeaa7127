"""App-controlled text reaches the terminal literally: no rich markup, terminal controls and bidi
overrides shown as escapes (\\x1b, \\u202e), never acted on."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

import harness.cli
from harness.cli import app
from harness.model import Actor, Category, Finding, Rule
from harness.report.model import ConsentOutcome, DeviceSummary, RunProblem, RunReport, TargetInfo
from harness.run.config import RunConfig
from harness.untrusted import literal, printable

DUMPS = Path(__file__).parents[1] / "consent" / "dumps"
ESC = "\x1b]0;pwned\x07\x1b[2J"  # retitle the terminal window, then clear the screen
CSI = "\x9b2J"  # the one-byte C1 form of ESC [


def _rendered(markup: str) -> str:
    out = io.StringIO()
    Console(file=out, force_terminal=True, width=200, highlight=False).print(markup)
    return out.getvalue()


def test_literal_keeps_brackets_and_drops_controls() -> None:
    shown = _rendered(literal(f"IMEI [deprecated] [bold]x[/bold]{ESC}{CSI}\tend"))
    assert "IMEI [deprecated] [bold]x[/bold]" in shown
    assert "\x07" not in shown and "\x9b" not in shown and "\x1b]0;" not in shown
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J" in shown  # visible: the reader sees what was there
    assert printable("a\r\nb\x7f") == "a\\x0d\nb\\x7f"  # newlines stay, a carriage return does not


def test_literal_shows_a_right_to_left_override_as_an_escape() -> None:
    shown = _rendered(literal("invoice\u202efdp.exe [x]"))
    assert "\u202e" not in shown and "invoice\\u202efdp.exe [x]" in shown


def _report() -> RunReport:
    finding = Finding(
        rule=Rule.pre_consent,
        data=Category.android_id,
        api=f"com.evil.Api[red]x{ESC}.get",
        actor=Actor(kind="third_party", name=f"com.evil[blink]{CSI}", package="com.evil"),
        process=f"com.evil:{ESC}push",
        count=1,
        first_at="2025-01-01T00:00:00.500+00:00",
        first_offset_s=0.5,
        phase="before_dialog",
        stack=[],
    )
    return RunReport(
        tool_version="0.1.0",
        status="partial",
        target=TargetInfo(package="com.evil", source="app"),
        device=DeviceSummary(name="sim", kind="sim"),
        settings=RunConfig(target="app", out=Path("run")).model_dump(mode="json"),
        started_at="2025-01-01T00:00:00+00:00",
        ended_at="2025-01-01T00:00:30+00:00",
        consent=ConsentOutcome(mode="accept", outcome="accepted"),
        findings=[finding],
        problems=[RunProblem(kind="app_crashed", message=f"died [bold]{ESC}")],
    )


def test_run_summary_shows_app_strings_without_markup_or_controls(capsys, monkeypatch) -> None:
    from harness.cli.run import _print_summary

    monkeypatch.setenv("COLUMNS", "250")  # one table row per line

    _print_summary(_report(), Path("run/report.html"))
    shown = capsys.readouterr().out
    assert "\x1b]0;" not in shown and "\x9b" not in shown and "\x07" not in shown
    assert "died [bold]" in shown
    assert "com.evil[blink]" in shown


def test_consent_inspect_shows_a_label_with_a_c1_control_literally(tmp_path: Path) -> None:
    dump = tmp_path / "dump.xml"
    text = (DUMPS / "gdpr_banner.xml").read_text(encoding="utf-8")
    # U+009B is a legal XML 1.0 character, so a real dump can carry it
    dump.write_text(text.replace('text="Accept all"', f'text="Accept all {CSI} [bold]x"'))
    result = CliRunner().invoke(app, ["consent", "inspect", str(dump)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Accept all \\x9b2J [bold]x" in result.stdout and "\x9b" not in result.stdout


def test_hooks_table_keeps_brackets_of_a_catalogue_description(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(
        "schema: 1\nentries:\n"
        "  - {id: t.id, class: a.B, method: m, category: serial,"
        " description_en: 'serial [deprecated]', description_zh: z}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["hooks", "--catalog", str(catalog)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "serial [deprecated]" in result.stdout


def test_sim_logs_and_error_lines_carry_no_terminal_controls(tmp_path, monkeypatch, capsys):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "com.evil.log").write_text(f"hello{ESC}\nworld\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["sim", "logs", "com.evil", "--home", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "hello\\x1b]0;pwned\\x07\\x1b[2J\nworld\n"

    # the entry point's one-line error, for a message that quotes outside text
    monkeypatch.setattr(sys, "argv", ["harness", "sim", "logs", f"x{ESC}", "--home", str(tmp_path)])
    with pytest.raises(SystemExit) as exited:
        harness.cli.main()
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert err.startswith("error: x\\x1b]0;pwned\\x07\\x1b[2J has no log yet") and "\x1b" not in err

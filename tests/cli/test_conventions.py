"""Conventions every `harness` command shares (README "Command line"): --version, -h, one error
line, --json errors, exit statuses, --debug, the device options and their environment."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from harness import __version__
from harness.cli import app, run_cli
from harness.cli.tester import TerminalTester
from harness.errors import ExitCode

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("HARNESS_DEVICES", "ANDROID_SERIAL", "HARNESS_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.chdir(tmp_path)  # where runs/<app>-<time> would be created


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--version"]) == 0
    assert capsys.readouterr().out == f"harness {__version__}\n"


@pytest.mark.parametrize("command", [[], ["run"], ["batch"], ["project", "schema"], ["sim"]])
def test_dash_h_is_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([*command, "-h"]) == 0
    short = capsys.readouterr().out
    assert run_cli([*command, "--help"]) == 0
    assert capsys.readouterr().out == short and "Usage: harness" in short


def test_bad_option_value_is_one_line_naming_option_and_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_cli(["run", "app.apk", "--consent", "acept"]) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: Invalid value for '--consent': 'acept' is not one of 'accept', 'reject', 'none', "
        "'manual' (see `harness run -h`)\n"
    )


def test_missing_target_exits_2_leaves_no_run_folder_and_json_gets_an_error_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["run", "/nonexistent/app.apk", "--json"]) == ExitCode.USAGE
    captured = capsys.readouterr()
    error = json.loads(captured.out)["error"]
    assert error["exit_code"] == 2 and error["kind"] == "ConfigError"
    assert "/nonexistent/app.apk" in error["message"] and error["hint"]
    assert captured.err.startswith("error: target '/nonexistent/app.apk' does not exist\n")
    assert "Traceback" not in captured.err
    assert not (tmp_path / "runs").exists()


def test_usage_errors_with_json_are_json_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["devices", "--json", "--no-such-option"]) == ExitCode.USAGE
    error = json.loads(capsys.readouterr().out)["error"]
    assert error == {
        "kind": "usage",
        "message": "No such option: --no-such-option (see `harness devices -h`)",
        "exit_code": 2,
    }


def test_debug_shows_the_traceback_anywhere_on_the_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli(["run", "/nonexistent.apk"]) == ExitCode.USAGE
    assert "Traceback" not in capsys.readouterr().err
    assert run_cli(["run", "/nonexistent.apk", "--debug"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "ConfigError" in err
    assert run_cli(["--debug", "run", "/nonexistent.apk"]) == ExitCode.USAGE
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv("HARNESS_DEBUG", "1")
    assert run_cli(["run", "/nonexistent.apk"]) == ExitCode.USAGE
    assert "Traceback" in capsys.readouterr().err


def test_os_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no-such-dir" / "schema.json"
    assert run_cli(["devices", "schema", "-o", str(target)]) == ExitCode.USAGE
    assert capsys.readouterr().err == f"error: {target}: No such file or directory\n"


@pytest.mark.parametrize(
    "command",
    [
        ["devices"],
        ["doctor", "lab-1"],
        ["run", "com.example.app", "-D", "lab-1"],
        ["batch", "apps.txt", "--out", "rundir"],
    ],
)
def test_every_command_reads_devices_option_and_harness_devices(
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a package list for batch, so that the inventory is what fails
    (tmp_path / "apps.txt").write_text("com.example.app\n", encoding="utf-8")
    missing = tmp_path / "missing-devices.yaml"
    spellings = [["--devices", str(missing)]]
    if command[0] != "batch":  # the old name of the option, kept hidden where it existed
        spellings.append(["--config", str(missing)])
    for extra in spellings:
        assert run_cli([*command, *extra]) == ExitCode.USAGE
        assert f"error: {missing}: device inventory not found" in capsys.readouterr().err
    monkeypatch.setenv("HARNESS_DEVICES", str(missing))
    assert run_cli(command) == ExitCode.USAGE
    assert f"error: {missing}: device inventory not found" in capsys.readouterr().err
    assert not (tmp_path / "rundir").exists()  # a batch that cannot start leaves no folder
    assert not (tmp_path / "runs").exists()


def test_config_is_a_hidden_alias_of_devices() -> None:
    group = typer.main.get_command(app)
    for name in ("run", "doctor"):
        params = {p.name: p for p in group.commands[name].params}  # type: ignore[attr-defined]
        assert params["devices_file" if name == "doctor" else "devices"].envvar == "HARNESS_DEVICES"
        assert params["config"].hidden


def test_android_serial_is_the_default_device(monkeypatch: pytest.MonkeyPatch) -> None:
    group = typer.main.get_command(app)
    run = group.commands["run"]
    assert run.make_context("run", ["app.apk"]).params["device"] == "sim"
    monkeypatch.setenv("ANDROID_SERIAL", "emulator-5556")
    assert run.make_context("run", ["app.apk"]).params["device"] == "emulator-5556"
    for flag in ("--device", "-D", "-d"):  # the option wins over the environment
        assert run.make_context("run", ["app.apk", flag, "lab-1"]).params["device"] == "lab-1"
    doctor = group.commands["doctor"]
    assert doctor.make_context("doctor", []).params["device"] == "emulator-5556"


def test_shell_completion_is_on(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--help"]) == 0
    assert "--install-completion" in capsys.readouterr().out
    assert run_cli(["--show-completion", "bash"]) == 0
    assert "_HARNESS_COMPLETE" in capsys.readouterr().out


def test_terminal_tester_asks_until_it_gets_a_or_r(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\nR\n\n"))
    tester = TerminalTester()
    assert tester.about_to_tap() == "refuse"
    tester.has_acted()  # returns on Enter
    captured = capsys.readouterr()
    assert captured.out == ""  # stdout is kept for --json
    assert captured.err.count("just before you tap ACCEPT") == 2
    assert "once you have acted" in captured.err
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nobody there: the run is aborted
    with pytest.raises(typer.Abort):
        tester.about_to_tap()


def test_entry_point_exit_status_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "harness", "run", str(tmp_path / "nope"), "--window", "-1"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == ExitCode.USAGE
    assert done.stderr.startswith("error: Invalid value for '--window'")
    assert len(done.stderr.splitlines()) == 1

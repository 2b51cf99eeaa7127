"""The CLI options, the batch settings and the project file cannot drift from harness.settings."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from typer.testing import CliRunner

from harness.batch.settings import BatchSettings
from harness.check.project import Project, project_schema
from harness.cli import app, run_cli
from harness.cli.options import choices, leaves, settings_options
from harness.settings import ProtocolSettings, RunSettings


def _params(command: str) -> dict[str, Any]:
    group = typer.main.get_command(app)
    return {p.name: p for p in group.commands[command].params}  # type: ignore[attr-defined]


def _value(default: Any) -> Any:
    return default.value if isinstance(default, enum.Enum) else default


@pytest.mark.parametrize(("command", "model"), [("run", RunSettings), ("batch", BatchSettings)])
def test_every_settings_field_is_an_option_with_its_default_help_and_bounds(
    command: str, model: type[RunSettings]
) -> None:
    params = _params(command)
    for leaf in leaves(model):
        param = params[leaf.name]
        assert leaf.flag in param.opts, (leaf.name, param.opts)
        assert _value(param.default) == leaf.field.get_default(call_default_factory=True)
        assert param.help == leaf.field.description and param.help, leaf.name
        for item in leaf.field.metadata:
            if hasattr(item, "ge"):
                assert param.min == item.ge, leaf.name


@pytest.mark.parametrize(("command", "model"), [("run", RunSettings), ("batch", BatchSettings)])
def test_choices_come_from_the_model(
    command: str, model: type[RunSettings], capsys: pytest.CaptureFixture[str]
) -> None:
    for leaf in leaves(model):
        allowed = choices(leaf)
        if allowed is None:
            continue
        code = run_cli([command, "x", "--out", "o", leaf.flag, "bogus"])
        (line,) = capsys.readouterr().err.splitlines()
        assert code == 2
        listed = ", ".join(repr(v) for v in allowed)
        assert line.startswith(f"error: Invalid value for '{leaf.flag}': 'bogus' is not one of")
        assert listed + " (see" in line, line
    consent = next(leaf for leaf in leaves(model) if leaf.name == "consent")
    assert ("manual" in (choices(consent) or ())) is (model is RunSettings)


def test_the_command_receives_the_model_built_from_its_options(tmp_path: Path) -> None:
    got: list[RunSettings] = []
    probe = typer.Typer()

    @probe.command()
    @settings_options(RunSettings)
    def go(name: str = typer.Option("x"), *, settings: RunSettings) -> None:
        got.append(settings)

    runner = CliRunner()
    assert runner.invoke(probe, []).exit_code == 0
    assert got[-1] == RunSettings()  # no options: exactly the model's defaults
    args = ["--consent", "reject", "--no-clear", "--max-reads", "5", "--per-seconds", "0.5"]
    args += ["--dialog-timeout", "3", "--scenario", str(tmp_path / "s.yaml"), "--no-evidence"]
    result = runner.invoke(probe, args)
    assert result.exit_code == 0, result.output
    s = got[-1]
    assert (s.consent, s.clear_data, s.evidence, s.dialog_timeout) == ("reject", False, False, 3)
    assert (s.frequency.max_reads, s.frequency.per_seconds) == (5, 0.5)
    assert s.scenario == tmp_path / "s.yaml"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["run", "x", "--dialog-timeout", "-3"], "--dialog-timeout"),  # ge=0, checked by click
        (["run", "x", "--per-seconds", "0"], "--per-seconds"),  # gt=0, checked by the model
        (["run", "x", "--max-reads", "0"], "--max-reads"),
        (["run", "x", "--time-limit", "0"], "--time-limit"),
        (["batch", "x", "--out", "o", "--retries", "99"], "--retries"),  # le=20
        (["batch", "x", "--out", "o", "--stop-grace", "0"], "--stop-grace"),
    ],
)
def test_out_of_bounds_values_are_one_line_naming_the_option(
    args: list[str], option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = run_cli([*args[:2], *args[2:]])
    (line,) = capsys.readouterr().err.splitlines()
    assert code == 2
    assert line.startswith(f"error: Invalid value for '{option}': "), line
    assert "pydantic" not in line and "http" not in line


def test_project_protocol_section_is_the_protocol_model(capsys: pytest.CaptureFixture[str]) -> None:
    schema = project_schema()
    embedded = schema["$defs"]["ProtocolSettings"]
    own = ProtocolSettings.model_json_schema()
    own.pop("$defs", None)
    assert embedded == own
    assert set(embedded["properties"]) == set(ProtocolSettings.model_fields)
    assert Project.model_fields["protocol"].annotation is ProtocolSettings
    assert run_cli(["project", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == schema


def test_batch_settings_and_run_config_carry_every_run_setting(tmp_path: Path) -> None:
    settings = BatchSettings(consent="reject", window=1, sdk_file=Path("sdks.yaml"))
    assert settings.sdk_file == Path("sdks.yaml").resolve()  # stored for --resume from elsewhere
    config = settings.run_config("t", "sim", tmp_path, None)
    for name in set(RunSettings.model_fields) - {"time_limit"}:
        assert getattr(config, name) == getattr(settings, name), name
    assert config.time_limit is None  # the scheduler cuts a batch's runs, not the run itself

"""Hostile or careless input files and options end in one line naming file, line and field, and a
non-zero exit: never a traceback (issue #14, "Bad input").

Each case goes through the real `harness` entry point, in-process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import typer.main

from harness.cli import app, main
from harness.errors import ConfigError
from harness.yamlfile import MAX_DEPTH, load_json, parse_mapping

DEEP = 5000  # far past Python's recursion limit: each parser level costs it a frame or more


def _harness(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["harness", *args])
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.delenv("HARNESS_DEBUG", raising=False)
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    return code, capsys.readouterr().err


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err and "RecursionError" not in err and "ValueError" not in err
    assert lines and lines[0].startswith("error: "), err
    return lines[0]


def _deep_yaml_value() -> str:
    return "[" * DEEP + "]" * DEEP


@pytest.fixture(autouse=True)
def _in_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HARNESS_DEVICES", raising=False)


def test_deeply_nested_devices_yaml_names_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    inv = tmp_path / "devices.yaml"
    inv.write_text(f"devices:\n  - serial: emulator-5554\n    tags: {_deep_yaml_value()}\n")
    code, err = _harness(capsys, monkeypatch, "devices", "--devices", str(inv))
    line = _one_error_line(err)
    assert code != 0
    assert f"{inv}:3: devices[0].tags" in line and f"over {MAX_DEPTH} levels" in line


def test_deeply_nested_block_yaml_project_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "harness.yaml"
    # block style, one level per line (1-space indents keep it under the size bound), so the
    # line named is the one where the limit is crossed (the top mapping, line 1, is level 1)
    project.write_text("protocol:\n" + "".join(" " * i + "k:\n" for i in range(1, 1200)))
    code, err = _harness(capsys, monkeypatch, "check", "--project", str(project))
    line = _one_error_line(err)
    assert code != 0
    assert f"{project}:{MAX_DEPTH + 1}: protocol.k.k.k.…: project file is nested over" in line


def test_deeply_nested_sdk_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = tmp_path / "sdks.yaml"
    sdk.write_text(f"sdks:\n  - prefix: com.vendor\n    name: {_deep_yaml_value()}\n")
    code, err = _harness(capsys, monkeypatch, "sdk", "list", "--sdk-file", str(sdk))
    line = _one_error_line(err)
    assert code != 0 and f"{sdk}:3: sdks[0].name" in line


def test_deeply_nested_stack_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = tmp_path / "stack.json"
    stack.write_text('{"stack": ' + "[" * DEEP + "]" * DEEP + "}")
    code, err = _harness(
        capsys, monkeypatch, "sdk", "attribute", str(stack), "--app-package", "com.example"
    )
    line = _one_error_line(err)
    assert code != 0 and f"{stack}:1: stack[0][0][0]" in line


def test_deeply_nested_report_and_baseline_name_the_field(tmp_path: Path) -> None:
    deep = '{"findings": [' + '{"a": ' * DEEP + "1" + "}" * DEEP + "]}"
    for what in ("run report", "baseline"):
        with pytest.raises(ConfigError) as caught:
            load_json(deep.encode(), tmp_path / "x.json", what)
        assert str(caught.value).startswith(f"{tmp_path / 'x.json'}:1: findings[0].a.a.")
        assert what in str(caught.value)


def test_deep_report_given_to_check_from_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "report.json").write_text('{"findings": [' + "[" * DEEP + "]" * DEEP + "]}")
    project = tmp_path / "harness.yaml"
    project.write_text("app:\n  target: com.example.app\n")
    code, err = _harness(
        capsys, monkeypatch, "check", "--project", str(project), "--from-run", str(run)
    )
    line = _one_error_line(err)
    assert code != 0 and f"{run / 'report.json'}:1: findings[0][0]" in line


def test_impossible_date_names_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "harness.yaml"
    project.write_text(
        "app:\n  target: com.example.app\n"
        "waivers:\n"
        "  - rule: pre_consent\n"
        "    data: android_id\n"
        "    reason: vendor fix pending\n"
        "    expires: 2026-02-30\n"
    )
    code, err = _harness(capsys, monkeypatch, "check", "--project", str(project))
    line = _one_error_line(err)
    assert code != 0 and f"{project}:7: waivers[0].expires: " in line and "day value" in line


def test_real_dates_still_load(tmp_path: Path) -> None:
    data, _ = parse_mapping(b"expires: 2026-02-28\n", tmp_path / "p.yaml", "project file")
    assert data == {"expires": "2026-02-28"}  # the model turns it into a date


@pytest.mark.parametrize("field", ["name", "serial"])
def test_a_devices_entry_named_sim_is_refused_not_shadowed(
    field: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inv = tmp_path / "devices.yaml"
    other = "serial: emulator-5554" if field == "name" else "name: lab-phone"
    inv.write_text(f"devices:\n  - {other}\n    {field}: sim\n")
    code, err = _harness(capsys, monkeypatch, "devices", "--devices", str(inv))
    line = _one_error_line(err)
    assert code != 0
    assert f"{inv}:3: devices[0].{field}: 'sim' is the built-in simulated device" in line


def _numeric_params() -> list[tuple[str, str, object, object]]:
    out = []

    def walk(cmd: object, path: list[str]) -> None:
        commands = getattr(cmd, "commands", None)
        if commands is not None:
            for name, sub in commands.items():
                walk(sub, [*path, name])
            return
        for param in cmd.params:  # type: ignore[attr-defined]
            if param.type_descriptor.annotation in (int, float):
                out.append((" ".join(path), param.name, param.min, param.max))

    walk(typer.main.get_command(app), [])
    return out


def test_every_numeric_option_is_bounded() -> None:
    """A negative count or duration is refused by click (min) or by the settings model (gt)."""
    from harness.batch.settings import BatchSettings
    from harness.cli.options import leaves

    by_model = {leaf.name for leaf in leaves(BatchSettings) if _has_gt(leaf.field.metadata)}
    params = _numeric_params()
    unbounded = [
        (cmd, name) for cmd, name, low, _ in params if low is None and name not in by_model
    ]
    assert unbounded == []


def _has_gt(metadata: list[object]) -> bool:
    return any(isinstance(getattr(m, "gt", None), (int, float)) for m in metadata)


def test_negative_tap_and_dialog_timeout_are_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _harness(capsys, monkeypatch, "sim", "tap", "--", "-5", "7")
    assert code == 2 and "'X'" in _one_error_line(err).upper()
    code, err = _harness(capsys, monkeypatch, "run", "app.apk", "--dialog-timeout", "-3")
    assert code == 2 and "'--dialog-timeout'" in _one_error_line(err)

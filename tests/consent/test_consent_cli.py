"""`harness consent inspect` / `schema` through typer's CliRunner."""

from __future__ import annotations

import json

from conftest import DUMPS
from typer.testing import CliRunner

from harness.cli import app, run_cli
from harness.errors import ExitCode

runner = CliRunner()


def test_json_output_has_exactly_the_contract_shape():
    result = runner.invoke(
        app, ["consent", "inspect", str(DUMPS / "zh_fullscreen_checkbox.xml"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"dialog", "accept", "reject", "source"}
    assert data["source"] == "dump"
    assert data["dialog"] is True
    for action in data["accept"] + data["reject"]:
        assert set(action) == {"x", "y", "bounds", "text", "source"}
        assert isinstance(action["x"], int) and len(action["bounds"]) == 4
    assert [a["text"] for a in data["accept"]] == [
        "我已阅读并同意《用户协议》和《隐私政策》",
        "同意并继续",
    ]
    assert data["reject"] == [
        {
            "x": 540,
            "y": 2125,
            "bounds": [390, 2080, 690, 2170],
            "text": "暂不同意",
            "source": "dump",
        }
    ]


def test_json_for_a_screen_without_dialog():
    result = runner.invoke(
        app, ["consent", "inspect", str(DUMPS / "permission_prompt.xml"), "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "dialog": False,
        "accept": [],
        "reject": [],
        "source": "dump",
    }


def test_readable_table():
    result = runner.invoke(app, ["consent", "inspect", str(DUMPS / "gdpr_banner.xml")])
    assert result.exit_code == 0
    assert "consent dialog" in result.stdout
    assert "Accept all" in result.stdout and "Reject all" in result.stdout
    assert "(540, 1945)" in result.stdout
    assert "Manage options" not in result.stdout


def test_readable_verdict_without_dialog_names_the_reason():
    result = runner.invoke(app, ["consent", "inspect", str(DUMPS / "settings_page.xml")])
    assert result.exit_code == 0
    assert "no consent dialog" in result.stdout


def test_missing_file_is_a_usage_error_naming_it(tmp_path, capsys):
    missing = tmp_path / "absent.xml"
    assert run_cli(["consent", "inspect", str(missing), "--json"]) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert "absent.xml" in captured.err
    error = json.loads(captured.out)["error"]  # --json: an error object, not a verdict
    assert error["exit_code"] == ExitCode.USAGE and "absent.xml" in error["message"]


def test_malformed_dump_is_a_usage_error_naming_it(tmp_path, capsys):
    bad = tmp_path / "broken.xml"
    bad.write_text('<hierarchy rotation="0"><node text="x"></hierarchy>', encoding="utf-8")
    assert run_cli(["consent", "inspect", str(bad)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "broken.xml" in err and "not well-formed" in err


def test_bad_scenario_names_file_and_field(tmp_path, capsys):
    scenario = tmp_path / "app.yaml"
    scenario.write_text("accept: [{txt: 同意}]\n", encoding="utf-8")
    args = ["consent", "inspect", str(DUMPS / "zh_alert.xml"), "--scenario", str(scenario)]
    assert run_cli(args) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "app.yaml" in err and "accept.0.txt" in err


def test_scenario_and_after_refusal_flags(tmp_path):
    scenario = tmp_path / "app.yaml"
    scenario.write_text(
        "dialog: {text: 温馨提示}\nreject_confirm: [{text: 退出应用}]\n", encoding="utf-8"
    )
    args = [
        "consent",
        "inspect",
        str(DUMPS / "zh_refusal_confirm.xml"),
        "--json",
        "--scenario",
        str(scenario),
    ]
    first = json.loads(runner.invoke(app, args).stdout)
    assert first["dialog"] is False
    after = json.loads(runner.invoke(app, [*args, "--after-refusal"]).stdout)
    assert after["dialog"] is True
    assert [a["text"] for a in after["reject"]] == ["退出应用"]


def test_schema_command_prints_json_schema():
    result = runner.invoke(app, ["consent", "schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "Scenario"

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.check.baseline import load_baseline, load_report
from harness.check.project import load_project, project_schema
from harness.errors import ConfigError, ExitCode


def test_loads_and_resolves_paths_against_the_project_file(project_dir, tmp_path: Path) -> None:
    (tmp_path / "consent.yaml").write_text("accept: [{text: Agree}]\n", encoding="utf-8")
    path = project_dir(
        "scenario: consent.yaml\nbaseline: ci/base.json\nout: ci/out\n"
        "waivers:\n  - {rule: pre_consent, data: android_id, reason: r, expires: 2030-01-01}\n"
    )
    loaded = load_project(path)
    p = loaded.project
    assert p.app.target == str(tmp_path / "app")
    assert p.scenario == tmp_path / "consent.yaml"
    assert p.baseline == tmp_path / "ci" / "base.json"
    config = loaded.run_config(tmp_path / "ci" / "out" / "run")
    assert config.window == 1 and config.background_window == 0.5
    assert config.device == "sim" and config.scenario == tmp_path / "consent.yaml"
    assert config.fail_on == []


def test_a_bare_package_name_is_kept(project_dir) -> None:
    assert (
        load_project(project_dir(app="com.example.news")).project.app.target == "com.example.news"
    )


def _error(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load_project(path)
    assert info.value.exit_code == ExitCode.USAGE
    return str(info.value)


def test_unknown_field_names_file_line_and_field(project_dir) -> None:
    path = project_dir("baseline: b.json\nwaviers: []\n")
    message = _error(path)
    assert f"{path}:7: waviers: unknown field 'waviers'" in message


def test_bad_protocol_value_names_the_nested_field(project_dir) -> None:
    path = project_dir()
    path.write_text(path.read_text() + "  consent: maybe\n", encoding="utf-8")
    message = _error(path)
    assert f"{path}:6: protocol.consent:" in message
    assert "'accept'" in message


def test_bad_waiver_date_and_missing_reason(project_dir) -> None:
    path = project_dir("waivers:\n  - rule: pre_consent\n    data: imei\n    expires: next year\n")
    message = _error(path)
    assert "waivers[0].data" in message  # imei is not a category (device_id is)
    assert "waivers[0].expires" in message
    assert "waivers[0].reason: required field 'reason' is missing" in message


def test_missing_app_section(tmp_path: Path) -> None:
    path = tmp_path / "harness.yaml"
    path.write_text("device: {name: sim}\n", encoding="utf-8")
    assert f"{path}:1: app: required field 'app' is missing" in _error(path)


def test_apk_that_does_not_exist(project_dir) -> None:
    path = project_dir(app="build/app-debug.apk")
    assert f"{path}:2: app.target: 'build/app-debug.apk' does not exist" in _error(path)


def test_invalid_scenario_is_reported_before_any_run(project_dir, tmp_path: Path) -> None:
    (tmp_path / "consent.yaml").write_text("accept: [{}]\n", encoding="utf-8")
    message = _error(project_dir("scenario: consent.yaml\n"))
    assert ":6: scenario:" in message and "at least one of" in message


def test_not_yaml_and_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "harness.yaml"
    path.write_text("app: [unclosed\n", encoding="utf-8")
    assert "not valid YAML" in _error(path)
    path.write_text("- a\n- b\n", encoding="utf-8")
    assert "must be a mapping" in _error(path)
    assert "not found" in _error(tmp_path / "nope.yaml")


def test_schema_describes_the_sections() -> None:
    schema = project_schema()
    assert schema["required"] == ["app"]
    assert {"app", "device", "protocol", "scenario", "baseline", "waivers", "out"} <= set(
        schema["properties"]
    )
    protocol = schema["$defs"]["ProtocolSettings"]["properties"]
    assert {"permissions", "consent", "window", "background_window", "frequency"} <= set(protocol)
    assert "target" not in protocol and "fail_on" not in protocol


def test_missing_baseline_is_none_malformed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "harness-baseline.json"
    assert load_baseline(path) is None
    path.write_text('{"findings": [\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"harness-baseline.json:2: baseline is not valid JSON"):
        load_baseline(path)
    bad = {
        "findings": [
            {
                "rule": "pre_consent",
                "data": "android_id",
                "api": "a.B.c",
                "actor": {"kind": "sdk", "name": "X", "package": "x"},
            },
            {
                "rule": "before_consent",
                "data": "android_id",
                "api": "a.B.c",
                "actor": {"kind": "sdk", "name": "X"},
            },
        ]
    }
    path.write_text(json.dumps(bad, indent=2), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(path)
    assert f"{path}:14: findings[1].rule:" in str(info.value)
    path.write_text('["not", "an", "object"]', encoding="utf-8")
    with pytest.raises(ConfigError, match="a baseline is a JSON object"):
        load_baseline(path)


def test_report_of_a_run_folder(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no report.json here"):
        load_report(tmp_path)
    (tmp_path / "report.json").write_text('{"status": "completed"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="tool_version"):
        load_report(tmp_path)


@pytest.mark.parametrize("root", ["../shared/src", "/abs/src", "src/../../x", "C:\\\\src"])
def test_source_root_outside_the_project_is_refused_naming_file_and_field(
    project_dir, root: str
) -> None:
    path = project_dir(f"sarif:\n  source_root: '{root}'\n")
    message = _error(path)
    assert message.startswith(f"{path}:7: sarif.source_root: ")
    assert "must be a relative path inside the project folder" in message
    assert "\n" not in message


def test_manifest_setting_must_exist_and_stay_inside(project_dir, tmp_path: Path) -> None:
    path = project_dir("sarif:\n  manifest: app/AndroidManifest.xml\n")
    assert f"{path}:7: sarif.manifest: " in _error(path) and "not found" in _error(path)
    (tmp_path / "app" / "AndroidManifest.xml").write_text("<manifest/>", encoding="utf-8")
    assert load_project(path).project.sarif.manifest == "app/AndroidManifest.xml"
    path = project_dir("sarif:\n  manifest: ../AndroidManifest.xml\n")
    assert "sarif.manifest: '../AndroidManifest.xml' must be a relative path" in _error(path)


def test_source_root_is_normalised(project_dir) -> None:
    path = project_dir("sarif: {source_root: ./app//src/main/java/}\n")
    assert load_project(path).project.sarif.source_root == "app/src/main/java"

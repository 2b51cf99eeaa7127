"""Scenario files: validation with file/field errors, and selectors overriding detection."""

from __future__ import annotations

import pytest
from conftest import read_dump

from harness.consent.detector import detect
from harness.consent.scenario import Scenario, Selector, load_scenario, scenario_schema
from harness.errors import ConfigError, ExitCode


def write(tmp_path, text, name="scenario.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_a_full_scenario(tmp_path):
    path = write(
        tmp_path,
        """
package: com.example.goodnews
dialog: {resource_id: "com.example.goodnews:id/consent_page"}
accept:
  - {resource_id: "com.example.goodnews:id/cb_agree"}
  - {text: "同意并继续"}
reject: [{text_contains: "不同意"}]
reject_confirm: [{text: "退出应用"}]
""",
    )
    scenario = load_scenario(path)
    assert scenario.package == "com.example.goodnews"
    assert scenario.accept is not None and scenario.accept[1].text == "同意并继续"
    assert scenario.reject_confirm == [Selector(text="退出应用")]


@pytest.mark.parametrize(
    "text, field",
    [
        ("accept: [{txt: 同意}]", "accept.0.txt"),
        ("accept: [{text: 同意}, {index: 2}]", "accept.1"),
        ("dialog: {resource_id: 5}", "dialog.resource_id"),
        ("accept: [{text: 同意, index: -1}]", "accept.0.index"),
        ("rejects: []", "rejects"),
    ],
)
def test_errors_name_the_file_and_the_field(tmp_path, text, field):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert str(path) in str(caught.value)
    assert field in str(caught.value)
    assert caught.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    "text, message",
    [("- a\n- b\n", "mapping"), ("accept: [unclosed", "not valid YAML")],
)
def test_malformed_files(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_scenario(write(tmp_path, text))


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="nope.yaml"):
        load_scenario(tmp_path / "nope.yaml")


def test_schema_is_exportable():
    schema = scenario_schema()
    assert set(schema["properties"]) == {"package", "dialog", "accept", "reject", "reject_confirm"}
    assert "Selector" in schema["$defs"]


def test_selectors_replace_detection_and_skip_ticked_boxes():
    scenario = Scenario(
        package="com.example.goodnews",
        dialog=Selector(resource_id="com.example.goodnews:id/consent_page"),
        accept=[
            Selector(resource_id="com.example.goodnews:id/cb_agree"),
            Selector(class_name="Button", text="同意并继续"),
        ],
        reject=[Selector(class_name="android.widget.TextView", text_contains="不同意")],
    )
    xml = read_dump("zh_fullscreen_checkbox.xml")
    found = detect(xml, scenario=scenario)
    assert found.dialog is True
    assert [(a.text, a.x, a.y, a.kind) for a in found.accept] == [
        ("我已阅读并同意《用户协议》和《隐私政策》", 96, 1685, "checkbox"),
        ("同意并继续", 540, 1970, "button"),
    ]
    assert [(a.text, a.x, a.y) for a in found.reject] == [("暂不同意", 540, 2125)]
    ticked = xml.replace(
        'checkable="true" checked="false" clickable="true"',
        'checkable="true" checked="true" clickable="true"',
        1,
    )
    still_locked = detect(ticked, scenario=scenario)
    assert still_locked.accept == []
    assert "is disabled" in still_locked.reason
    unlocked = ticked.replace('clickable="true" enabled="false"', 'clickable="true" enabled="true"')
    assert [a.text for a in detect(unlocked, scenario=scenario).accept] == ["同意并继续"]


def test_dialog_selector_decides_presence():
    scenario = Scenario(dialog=Selector(text_contains="好消息"), accept=[Selector(text="同意")])
    assert detect(read_dump("zh_alert.xml"), scenario=scenario).dialog is True
    # The feed mentions no 好消息 anywhere: no dialog, whatever the detector would say.
    assert detect(read_dump("news_feed.xml"), scenario=scenario).to_json()["dialog"] is False


def test_selectors_only_match_the_scenario_package():
    scenario = Scenario(package="com.other", dialog=Selector(text="温馨提示"))
    assert detect(read_dump("zh_alert.xml"), scenario=scenario).dialog is False


def test_index_picks_the_nth_match():
    scenario = Scenario(accept=[Selector(class_name="Button", index=2)])
    found = detect(read_dump("zh_more_options.xml"), scenario=scenario)
    assert [a.text for a in found.accept] == ["同意"]
    missing = Scenario(accept=[Selector(class_name="Button", index=3)])
    found = detect(read_dump("zh_more_options.xml"), scenario=missing)
    assert found.accept == []
    assert 'accept[0] {"class_name": "Button", "index": 3} matches nothing' in found.reason


def test_reject_confirm_is_used_after_a_refusal_only():
    scenario = Scenario(
        dialog=Selector(text="温馨提示"),
        reject=[Selector(text="不同意")],
        reject_confirm=[Selector(resource_id="android:id/button2")],
    )
    confirm = read_dump("zh_refusal_confirm.xml")
    assert detect(confirm, scenario=scenario).dialog is False  # its title is 再次提示
    after = detect(confirm, scenario=scenario, followup=True)
    assert after.dialog is True
    assert [(a.text, a.x, a.y) for a in after.reject] == [("退出应用", 645, 1539)]


def test_unclickable_selection_is_reported_not_tapped():
    scenario = Scenario(accept=[Selector(text="温馨提示")])
    found = detect(read_dump("zh_alert.xml"), scenario=scenario)
    assert found.accept == []
    assert "is not clickable" in found.reason


def test_permission_prompt_stays_no_dialog_even_with_a_scenario():
    scenario = Scenario(dialog=Selector(class_name="Button"), accept=[Selector(text="不允许")])
    assert detect(read_dump("permission_prompt.xml"), scenario=scenario).dialog is False

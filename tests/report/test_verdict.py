"""The verdict: report.json and report.html open with one sentence per rule that fired."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from harness.model import Actor, Finding, Rule
from harness.report import write_reports
from harness.report.verdict import verdict
from harness.settings import CaseInfo
from tests.report.sample import SCRIPT, sample_events, sample_report


def _finding(rule: Rule, data: str, actor: str, count: int, kind: str = "sdk") -> Finding:
    return Finding(
        rule=rule,
        data=data,  # type: ignore[arg-type]
        api="x.y",
        actor=Actor(kind=kind, name=actor, package="x"),  # type: ignore[arg-type]
        process="p",
        count=count,
        first_at="",
        first_offset_s=0.0,
    )


def test_one_sentence_per_rule_that_fired_in_both_languages() -> None:
    findings = [
        _finding(Rule.pre_consent, "device_id", "Tencent GDT Ads", 2),
        _finding(Rule.pre_consent, "android_id", "Tencent GDT Ads", 1),
        _finding(Rule.pre_consent, "installed_apps", "com.example", 2, kind="app"),
        _finding(Rule.background, "location", "Baidu Location", 1),
    ]
    lines = verdict(findings, "completed")
    assert [line.rule for line in lines] == [Rule.pre_consent, Rule.background]
    assert lines[0].en == (
        "Collected before consent: yes, 5 reads of 3 data types by Tencent GDT Ads, the app itself."
    )
    assert lines[0].zh == "同意前收集：是，Tencent GDT Ads、应用自身 读取 3 类数据共 5 次。"
    assert (
        lines[1].en == "Collected in the background: yes, 1 read of 1 data type by Baidu Location."
    )


def test_a_clean_run_says_so_and_a_partial_run_says_what_the_verdict_covers() -> None:
    (clean,) = verdict([], "completed")
    assert clean.rule is None and clean.en.startswith("No collection before consent")
    lines = verdict([], "partial")
    assert len(lines) == 2 and "did not complete (partial)" in lines[1].en


def test_many_actors_are_counted_past_the_third() -> None:
    findings = [_finding(Rule.pre_consent, "device_id", f"SDK {i}", 10 - i) for i in range(5)]
    (line,) = verdict(findings, "completed")
    assert "by SDK 0, SDK 1, SDK 2 and 2 more." in line.en and "等另外 2 个" in line.zh


def test_reports_open_with_the_verdict_and_show_the_case(tmp_path: Path) -> None:
    events = sample_events()
    report = sample_report(events, tmp_path)
    report.case = CaseInfo(case_id="CASE-9", tester=f"tester {SCRIPT}", lab="Lab C")
    write_reports(report, events, tmp_path)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert list(data)[:2] == ["schema_version", "verdict"]
    assert data["verdict"][0]["en"].startswith("Collected before consent: yes")
    assert data["case"] == {"case_id": "CASE-9", "tester": f"tester {SCRIPT}", "lab": "Lab C"}
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    body = html[html.index("<body>") :]
    assert body.index("检测结论 Verdict") < body.index("应用 App") < body.index("结论 Findings")
    assert "Collected before consent: yes" in html and "CASE-9" in html
    assert SCRIPT not in html  # the tester's name is escaped like any other text
    props = {
        p.get("name"): p.get("value")
        for p in ET.parse(tmp_path / "junit.xml").getroot().iter("property")
    }
    assert props["case_id"] == "CASE-9" and props["lab"] == "Lab C"
    assert re.match(r"Collected before consent: yes", props["verdict.1"] or "")


def _start(rule: Rule, example: str, count: int = 1) -> Finding:
    found = _finding(rule, "app_start", "com.example", count, kind="app")
    return found.model_copy(update={"example": example})


def test_rules_that_count_requests_and_starts_say_so_not_reads() -> None:
    findings = [
        _start(
            Rule.permission_before_consent,
            "android.permission.ACCESS_FINE_LOCATION, android.permission.READ_PHONE_STATE",
            2,
        ),
        _start(Rule.permission_reprompt, "android.permission.ACCESS_FINE_LOCATION"),
        _start(Rule.associated_start, "com.other/com.other.SyncService, com.other", 3),
        _start(Rule.self_start, "com.example.BootReceiver: android.intent.action.BOOT_COMPLETED"),
    ]
    lines = {line.rule: line for line in verdict(findings, "completed")}
    assert lines[Rule.permission_before_consent].en == (
        "Permission requested before consent: yes, 2 requests for ACCESS_FINE_LOCATION, "
        "READ_PHONE_STATE by the app itself."
    )
    assert lines[Rule.permission_reprompt].en == (
        "Permission requested again after denial: yes, 1 request for ACCESS_FINE_LOCATION by "
        "the app itself after the user denied it."
    )
    assert lines[Rule.associated_start].en == (
        "Started another app: yes, 3 starts of com.other/com.other.SyncService, com.other by "
        "the app itself."
    )
    assert lines[Rule.self_start].en == (
        "Starts itself: yes, 1 entry point (com.example.BootReceiver) declared or run by the "
        "app itself."
    )
    assert lines[Rule.associated_start].zh == (
        "关联启动：是，应用自身 启动 com.other/com.other.SyncService、com.other 共 3 次。"
    )
    assert all("read" not in line.en for line in lines.values())


def test_a_sentence_names_three_targets_and_counts_the_rest() -> None:
    example = ", ".join(f"com.other{i}" for i in range(5))
    (line,) = verdict([_start(Rule.associated_start, example, 5)], "completed")
    assert "of com.other0, com.other1, com.other2 and 2 more by" in line.en

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema

from harness.check.baseline import baseline_from_report
from harness.check.compare import CheckResult, compare
from harness.check.junit import write_junit
from harness.check.markdown import summary_markdown
from harness.check.sarif import FINGERPRINT_NAME, sarif_log, write_sarif
from harness.check.waivers import Waiver
from harness.model import Category, Rule

from .factories import make_finding, make_report, sarif_schema

TODAY = date(2025, 6, 1)
OLD = make_finding(data=Category.imsi, api="android.telephony.TelephonyManager.getSubscriberId")
NEW = make_finding(
    data=Category.iccid,
    api="android.telephony.TelephonyManager.getSimSerialNumber",
    frame="com.adsdk.core.AdSdk$Loader.init(AdSdk.java:77)",
)
WAIVED = make_finding(
    rule=Rule.background,
    data=Category.location,
    api="android.location.LocationManager.getLastKnownLocation",
    kind="app",
    name="com.example.news",
    package="com.example.news",
    frame="",
    stack=[
        "android.location.LocationManager.getLastKnownLocation(Native Method)",
        "com.example.news.geo.Tracker.poll(Tracker.kt:12)",
    ],
)
EXPIRED = make_finding(
    data=Category.phone_number,
    api="android.telephony.TelephonyManager.getLine1Number",
    kind="unknown",
    name="unknown",
    package="",
    frame="",
)
GONE = make_finding(data=Category.serial, api="android.os.Build.getSerial")


def _result(**kw) -> CheckResult:
    baseline = baseline_from_report(make_report([OLD, GONE]), previous=None, by="t", run="r")
    waivers = [
        Waiver(
            rule=Rule.background,
            data=Category.location,
            reason="map tiles, ticket #88",
            expires=date(2025, 12, 31),
        ),
        Waiver(
            rule=Rule.pre_consent,
            data=Category.phone_number,
            reason="old",
            expires=date(2025, 1, 31),
        ),
    ]
    return compare(make_report([OLD, NEW, WAIVED, EXPIRED], **kw), baseline, waivers, today=TODAY)


def test_sarif_validates_against_the_2_1_0_schema(tmp_path: Path) -> None:
    path = tmp_path / "check.sarif"
    write_sarif(_result(), path, source_root="app/src/main/java", fallback_uri="harness.yaml")
    log = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "pre_consent",
        "after_refusal",
        "excessive_frequency",
        "background",
    ]
    by_api = {r["properties"]["api"]: r for r in run["results"]}
    assert len(by_api) == 4  # fixed findings are not results
    new = by_api[NEW.api]
    assert new["level"] == "error" and new["baselineState"] == "new"
    assert "iccid" in new["message"]["text"] and "sdk:AdSdk (com.adsdk)" in new["message"]["text"]
    phys = new["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"]["uri"] == "app/src/main/java/com/adsdk/core/AdSdk.java"
    assert phys["region"]["startLine"] == 77
    logical = [loc["fullyQualifiedName"] for loc in new["locations"][0]["logicalLocations"]]
    assert logical == ["com.adsdk.core.AdSdk$Loader.init", NEW.api]
    assert len(new["partialFingerprints"][FINGERPRINT_NAME]) == 32
    assert by_api[OLD.api]["level"] == "note" and by_api[OLD.api]["baselineState"] == "unchanged"
    waived = by_api[WAIVED.api]
    assert waived["suppressions"][0]["justification"].startswith("map tiles, ticket #88")
    # no actor frame: the first frame in the app's package is used
    uri = waived["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "app/src/main/java/com/example/news/geo/Tracker.kt"
    expired = by_api[EXPIRED.api]
    assert expired["level"] == "error"
    assert expired["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "harness.yaml"


def test_sarif_of_a_partial_run_with_hostile_strings_still_validates() -> None:
    hostile = make_finding(api="x\u0000y</script>\n" + "A" * 5000, frame="evil(../../etc/passwd:1)")
    problems = [{"kind": "app_crashed", "message": "died\u0007 at 2 s"}]
    result = compare(
        make_report([hostile], status="partial", problems=problems), None, [], today=TODAY
    )
    log = sarif_log(result, source_root="../..", fallback_uri="harness.yaml")
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    res = log["runs"][0]["results"][0]
    assert "\u0000" not in json.dumps(log) and len(res["properties"]["api"]) <= 300
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "harness.yaml"
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_sarif_message_escapes_brackets_so_app_text_makes_no_embedded_link() -> None:
    # in a SARIF message, "[text](0)" is a link to a related location
    linky = make_finding(name="Ad[click](0)Sdk", process="com.x\\[y]")
    problems = [{"kind": "app_crashed", "message": "see [here](1)"}]
    result = compare(make_report([linky], problems=problems), None, [], today=TODAY)
    log = sarif_log(result, source_root="src", fallback_uri="harness.yaml")
    text = log["runs"][0]["results"][0]["message"]["text"]
    assert "Ad\\[click\\](0)Sdk" in text and "com.x\\\\\\[y\\]" in text
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"].endswith("see \\[here\\](1)")
    assert log["runs"][0]["results"][0]["properties"]["actor"]["name"] == "Ad[click](0)Sdk"


def test_junit_counts(tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    write_junit(_result(), path, fail_on_partial=True)
    root = ET.parse(path).getroot()
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert len(cases) == 5  # 4 finding keys + the run itself
    failed = [c for c in cases if c.find("failure") is not None]
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert sorted(f.find("failure").get("type") for f in failed) == ["new", "waiver_expired"]
    assert len(skipped) == 1 and "map tiles" in skipped[0].find("skipped").get("message")
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "2", "1")
    new_case = next(c for c in failed if c.find("failure").get("type") == "new")
    assert NEW.api in new_case.get("name")


def test_junit_fails_the_run_case_for_a_partial_run(tmp_path: Path) -> None:
    result = compare(
        make_report([], status="partial", problems=[{"kind": "app_crashed", "message": "boom"}]),
        None,
        [],
        today=TODAY,
    )
    path = tmp_path / "junit.xml"
    write_junit(result, path, fail_on_partial=True)
    suite = ET.parse(path).getroot().find("testsuite")
    assert suite.get("failures") == "1"
    assert "boom" in suite.find("testcase/failure").get("message")
    write_junit(result, path, fail_on_partial=False)
    assert ET.parse(path).getroot().find("testsuite").get("failures") == "0"


def test_markdown_tables() -> None:
    text = summary_markdown(_result(), fail_on_partial=True)
    assert text.startswith("### harness check: com.example.news — ❌ 2 new findings")
    sections = text.split("#### ")
    new = next(s for s in sections if s.startswith("New (1)"))
    assert "getSimSerialNumber" in new and "iccid" in new and "getSubscriberId" not in new
    assert next(s for s in sections if s.startswith("Waiver expired (1)")).count("getLine1Number")
    assert "getSerial" in next(s for s in sections if s.startswith("Fixed (no longer seen) (1)"))
    assert "map tiles" in next(s for s in sections if s.startswith("Waived (1)"))
    assert "<summary>Baselined (1)</summary>" in text


def test_markdown_neutralises_app_controlled_text() -> None:
    evil = make_finding(api="<img src=x onerror=alert(1)>|`@here` **bold**", name="@admin")
    text = summary_markdown(
        compare(make_report([evil]), None, [], today=TODAY), fail_on_partial=True
    )
    # the API holds a backtick: escaped text; the actor has none: a literal code span
    assert "<img" not in text and "@here" not in text
    assert "&lt;img" in text and "\\|" in text and "\\*\\*bold\\*\\*" in text
    assert "| `sdk:@admin (com.adsdk)` |" in text
    assert text.count("\n| pre_consent |") == 1  # one row: no pipe escaped the cell
    assert "No baseline yet" in text

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import jsonschema

from harness.attribution.frames import parse_frame
from harness.check.baseline import baseline_from_report
from harness.check.compare import CheckResult, compare
from harness.check.frames import source_path
from harness.check.junit import write_junit
from harness.check.markdown import summary_markdown
from harness.check.places import Places, places_for
from harness.check.project import load_project
from harness.check.rules import RULE_TEXT
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
    stack=[
        "com.adsdk.core.AdSdk$Loader.init(AdSdk.java:77)",
        "com.adsdk.core.AdSdk.start(AdSdk.java:20)",
        "com.example.news.NewsApp.onCreate(NewsApp.java:31)",
        "com.example.news.Boot.main(Boot.java:5)",
        "android.app.ActivityThread.main(ActivityThread.java:51)",
    ],
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


def _checkout(root: Path, *, manifest: bool = True, project: str = "harness.yaml") -> Places:
    """A repository with the app's own sources (no SDK sources, as for a real app team)."""
    java = root / "app/src/main/java/com/example/news"
    (java / "geo").mkdir(parents=True)
    (java / "NewsApp.java").write_text("class NewsApp {}\n", encoding="utf-8")
    (java / "geo/Tracker.kt").write_text("class Tracker\n", encoding="utf-8")
    if manifest:
        (root / "app/src/main/AndroidManifest.xml").write_text("<manifest/>\n", encoding="utf-8")
    path = root / project
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / "app").mkdir(exist_ok=True)
    path.write_text(
        "app: {target: app}\nsarif: {source_root: app/src/main/java}\n", encoding="utf-8"
    )
    return places_for(load_project(path), cwd=root)


def _team_owned(root: Path, places: Places, uri: str) -> bool:
    """A file of the checkout that is one of the app's own sources, its manifest or the project."""
    inside_sources = uri.startswith(places.source_root + "/") and "/com/adsdk/" not in uri
    return (root / uri).is_file() and (
        inside_sources or uri in (places.manifest, places.project_file)
    )


def test_sarif_validates_and_points_only_at_files_the_team_owns(tmp_path: Path) -> None:
    places = _checkout(tmp_path)
    assert places.manifest == "app/src/main/AndroidManifest.xml"
    path = tmp_path / "check.sarif"
    write_sarif(_result(), path, places=places)
    log = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "pre_consent",
        "after_refusal",
        "excessive_frequency",
        "background",
        "sent_before_consent",
        "sent_after_refusal",
        "sent_in_background",
        "permission_before_consent",
        "permission_reprompt",
        "associated_start",
        "self_start",
    ]
    by_api = {r["properties"]["api"]: r for r in run["results"]}
    assert len(by_api) == 4  # fixed findings are not results
    for result in run["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert _team_owned(tmp_path, places, uri), uri

    # an SDK read called from the app: the app's innermost frame, with the SDK frame related
    new = by_api[NEW.api]
    assert new["level"] == "error" and new["baselineState"] == "new"
    text = new["message"]["text"]
    assert "iccid" in text and "sdk:AdSdk (com.adsdk)" in text
    assert "com.example.news.NewsApp.onCreate(NewsApp.java:31)" in text
    assert "com.adsdk.core.AdSdk$Loader.init(AdSdk.java:77)" in text
    phys = new["locations"][0]["physicalLocation"]
    assert phys["artifactLocation"]["uri"] == "app/src/main/java/com/example/news/NewsApp.java"
    assert phys["region"]["startLine"] == 31
    logical = [loc["fullyQualifiedName"] for loc in new["locations"][0]["logicalLocations"]]
    assert logical == ["com.example.news.NewsApp.onCreate", NEW.api]
    (related,) = new["relatedLocations"]
    assert "physicalLocation" not in related  # the team has no copy of the SDK's source
    assert (
        related["logicalLocations"][0]["fullyQualifiedName"] == "com.adsdk.core.AdSdk$Loader.init"
    )
    assert new["properties"]["location"] == "app_source"
    assert new["properties"]["sdkFrame"] == "com.adsdk.core.AdSdk$Loader.init(AdSdk.java:77)"
    assert len(new["partialFingerprints"][FINGERPRINT_NAME]) == 32

    # an SDK read with no app frame on the stack: the manifest, never the SDK's own file
    old = by_api[OLD.api]
    assert old["level"] == "note" and old["baselineState"] == "unchanged"
    assert old["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == places.manifest
    assert old["properties"]["location"] == "manifest" and old["relatedLocations"]

    # the app's own read: its own frame (Kotlin file), no related SDK frame
    waived = by_api[WAIVED.api]
    assert waived["suppressions"][0]["justification"].startswith("map tiles, ticket #88")
    uri = waived["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "app/src/main/java/com/example/news/geo/Tracker.kt"
    assert "relatedLocations" not in waived

    expired = by_api[EXPIRED.api]
    assert expired["level"] == "error"
    assert expired["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == places.manifest


def test_sarif_falls_back_to_the_project_file_and_skips_sources_the_team_lacks(
    tmp_path: Path,
) -> None:
    places = _checkout(tmp_path, manifest=False, project="mobile/harness.yaml")
    # the project file in a sub-folder of the repository: URIs keep that folder
    assert places.manifest is None and places.project_file == "mobile/harness.yaml"
    assert places.source_root == "mobile/app/src/main/java"
    log = sarif_log(_result(), places=places)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]
        # no app source exists below mobile/: every result points at the project file
        assert location["artifactLocation"]["uri"] == "mobile/harness.yaml"
        assert location["region"]["startLine"] == 1
    by_api = {r["properties"]["api"]: r for r in log["runs"][0]["results"]}
    assert by_api[NEW.api]["properties"]["appFrame"].startswith("com.example.news.NewsApp.onCreate")
    assert by_api[NEW.api]["properties"]["location"] == "project_file"


def test_app_packages_setting_names_the_apps_code(tmp_path: Path) -> None:
    # applicationId com.example.news.debug, code in com.example.news: the setting decides
    finding = make_finding(
        stack=["com.adsdk.A.b(A.java:1)", "com.example.news.NewsApp.onCreate(NewsApp.java:8)"]
    )
    result = compare(make_report([finding]), None, [], today=TODAY)
    result.package = "com.example.news.debug"
    places = _checkout(tmp_path)
    log = sarif_log(result, places=places)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == places.manifest
    pinned = dataclasses.replace(places, app_packages=("com.example.news",))
    log = sarif_log(result, places=pinned)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "app/src/main/java/com/example/news/NewsApp.java"


def test_sarif_of_a_partial_run_with_hostile_strings_still_validates() -> None:
    hostile = make_finding(
        api="x\u0000y</script>\n" + "A" * 5000,
        frame="evil(../../etc/passwd:1)",
        stack=[
            "com.example.news.X.y(../../../etc/passwd.java:3)",
            "com.example.news.X.z(X.java:4)",
        ],
    )
    problems = [{"kind": "app_crashed", "message": "died\u0007 at 2 s"}]
    result = compare(
        make_report([hostile], status="partial", problems=problems), None, [], today=TODAY
    )
    places = Places(source_root="src", manifest=None, project_file="harness.yaml")
    log = sarif_log(result, places=places)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    res = log["runs"][0]["results"][0]
    assert "\u0000" not in json.dumps(log) and len(res["properties"]["api"]) <= 300
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "src/com/example/news/X.java" and ".." not in json.dumps(res["locations"])
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_sarif_message_escapes_brackets_so_app_text_makes_no_embedded_link() -> None:
    # in a SARIF message, "[text](0)" is a link to a related location
    linky = make_finding(name="Ad[click](0)Sdk", process="com.x\\[y]")
    problems = [{"kind": "app_crashed", "message": "see [here](1)"}]
    result = compare(make_report([linky], problems=problems), None, [], today=TODAY)
    log = sarif_log(
        result, places=Places(source_root="src", manifest=None, project_file="harness.yaml")
    )
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


def test_source_path_refuses_odd_names() -> None:
    assert source_path(parse_frame("a.b.C.d(../x.java:1)"), "src") is None
    frame = parse_frame("a.b.C.d(C.java:1)")
    assert source_path(frame, "/src/") == "src/a/b/C.java"
    assert source_path(frame, "") == "a/b/C.java"


def test_every_rule_has_its_text_for_sarif_junit_and_markdown() -> None:
    # a rule added for another issue (transmissions, permission prompts, ...) needs its text here
    assert set(RULE_TEXT) == set(Rule)
    assert all(all(part.strip() for part in text) for text in RULE_TEXT.values())

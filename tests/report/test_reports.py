"""report.json, report.html and junit.xml from a realistic run with hostile app strings."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harness.catalog import default_catalog
from harness.model import HookFailure, Rule
from harness.report import (
    read_json,
    render_html,
    write_html,
    write_json,
    write_junit,
    write_reports,
)
from harness.report.labels import labels
from harness.report.model import PhaseEvidence, RunReport
from tests.report.sample import APP, IMG, SCRIPT, sample_events, sample_report


@pytest.fixture
def run(tmp_path: Path) -> tuple[RunReport, list, Path]:  # type: ignore[type-arg]
    events = sample_events()
    return sample_report(events, tmp_path), events, tmp_path


class _Tags(HTMLParser):
    """Collects every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_json_round_trip(run) -> None:  # type: ignore[no-untyped-def]
    report, _, out = run
    path = out / "report.json"
    write_json(report, path)
    back = RunReport.model_validate(json.loads(path.read_text(encoding="utf-8")))
    assert back == report
    assert read_json(path) == report
    # the first read's stack holds a frame no Java name can have: attribution stops there
    assert back.findings and back.findings[0].actor.kind == "unknown"
    assert back.findings[0].actor.note
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == report.schema_version


def test_html_contains_findings_and_sections(run) -> None:  # type: ignore[no-untyped-def]
    report, events, out = run
    path = out / "report.html"
    write_html(report, events, path)
    html = path.read_text(encoding="utf-8")
    for f in report.findings:
        assert f.api in html
        assert f.actor.name in html
    assert "Baidu Location" in html
    assert "pre_consent" in html and labels().rule("pre_consent").zh in html
    assert labels().category("location").zh in html
    for section in ("Timeline", "Findings by SDK", "Hooks", "Processes", "Problems", "Calls"):
        assert section in html
    assert "<svg" in html and 'class="band-before_dialog"' in html and 'class="mark-marker"' in html
    assert "telephony.getMeid" in html and "absent on API 33" in html  # missing hooks listed
    assert "<details" in html  # stacks are collapsible


def test_hook_report_says_not_loaded_for_app_side_hooks(run) -> None:  # type: ignore[no-untyped-def]
    report, events, _ = run
    app_side = next(e for e in default_catalog().entries if e.side == "app")
    report.hooks[0].missing.append(
        HookFailure(id=app_side.id, reason="app-side class not loaded yet (hooked when loaded)")
    )
    html = render_html(report, events)
    block = html.split("钩子安装 Hooks", 1)[1].split("</section>", 1)[0]
    assert "not loaded by this app (1)" in block
    assert "missing on this device (1)" in block  # the sample's own missing framework hook
    listed = block.split("not loaded by this app (1)", 1)[1].split("</details>", 1)[0]
    assert app_side.id in listed


def test_html_escapes_hostile_strings(run) -> None:  # type: ignore[no-untyped-def]
    report, events, _ = run
    html = render_html(report, events)
    assert SCRIPT not in html
    assert IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tags = _tags(html)
    assert [t for t, _ in tags].count("script") == 0
    assert not [t for t, _ in tags if t == "img"]
    assert not any(k.startswith("on") for _, attrs in tags for k in attrs)


def test_html_is_self_contained(run) -> None:  # type: ignore[no-untyped-def]
    report, events, _ = run
    report.evidence = [
        PhaseEvidence(
            phase="dialog_shown",
            at_s=3.1,
            ui_dump="ui-dialog_shown.xml",
            screenshot="screen-dialog_shown.png",
        )
    ]
    html = render_html(report, events)
    assert not re.search(r"https?://", html)
    # The only links are to the package's own evidence files, beside report.html.
    local = re.compile(r"(screen|ui)-[a-z_]+\.(png|xml)")
    linked = []
    for tag, attrs in _tags(html):
        for key in ("src", "href"):
            if key in attrs:
                assert local.fullmatch(attrs[key] or ""), (tag, attrs)
                linked.append(attrs[key])
    assert set(linked) == {"screen-dialog_shown.png", "ui-dialog_shown.xml"}
    assert "<link" not in html and "@import" not in html and "url(" not in html


def test_html_partial_run_shows_problems(tmp_path: Path) -> None:
    events = sample_events()
    report = sample_report(events, tmp_path, status="partial")
    html = render_html(report, events)
    assert "partial" in html and "app_crashed" in html
    assert "ended: &lt;script&gt;" in html


def test_html_bounds_values_and_caps_rows(tmp_path: Path) -> None:
    events = sample_events(n_flood=10_000)
    report = sample_report(events, tmp_path)
    html = render_html(report, events)
    assert "x" * 501 not in html  # the 2000-char value is cut
    assert "x" * 119 + "…" in html  # call table cell limit
    assert "first 300 of 10005" in html
    assert html.count("<tr>") < 600
    assert len(html.encode("utf-8")) < 400_000
    flood = [f for f in report.findings if f.actor.kind == "app" and f.count == 10_000]
    assert flood and len(flood[0].example or "") == 500
    # the first read's hostile frame stops attribution: a finding of its own, not the app's
    assert [f.count for f in report.findings if f.actor.kind == "unknown"] == [1]


def test_html_without_markers_in_report_uses_event_markers(run) -> None:  # type: ignore[no-untyped-def]
    report, events, _ = run
    report.consent.markers = []
    html = render_html(report, events)
    assert "consent_accepted" in html and 'class="band-after_accept"' in html


def test_junit_failures_match_findings(run) -> None:  # type: ignore[no-untyped-def]
    report, _, out = run
    path = out / "junit.xml"
    write_junit(report, path)
    root = ET.parse(path).getroot()
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    assert len(failed) == len(report.findings) == int(root.get("failures", "-1"))
    assert int(suite.get("tests", "0")) == len(cases)
    rules_hit = {f.rule for f in report.findings}
    passing = {c.get("classname") for c in cases if c.find("failure") is None}
    assert passing == {f"harness.{r.value}" for r in Rule if r not in rules_hit}
    first = failed[0]
    f0 = report.findings[0]
    assert first.get("classname") == f"harness.{f0.rule.value}"
    assert first.get("name") == f"{f0.data.value} via {f0.api} by {f0.actor.name} in {f0.process}"
    failure = first.find("failure")
    assert failure is not None and SCRIPT in (failure.text or "")  # escaped on disk, intact parsed
    assert "<script>" not in path.read_text(encoding="utf-8")


def test_junit_partial_run_is_an_error_not_a_failure(tmp_path: Path) -> None:
    events = sample_events()
    report = sample_report(events, tmp_path, status="partial")
    report.problems[0].message += "\x00\x07 control chars"
    path = tmp_path / "junit.xml"
    write_junit(report, path)
    root = ET.parse(path).getroot()
    assert int(root.get("errors", "0")) == 1
    assert int(root.get("failures", "0")) == len(report.findings)
    (err,) = root.iter("error")
    assert "app_crashed" in (err.get("message") or "")


def test_junit_stays_well_formed_with_half_a_surrogate_pair(tmp_path: Path) -> None:
    # ElementTree writes a lone surrogate as "&#55296;", which no XML parser accepts
    report = sample_report(sample_events(), tmp_path, status="partial")
    report.problems[0].message += " half a pair: \ud800"
    path = tmp_path / "junit.xml"
    write_junit(report, path)
    (err,) = ET.parse(path).getroot().iter("error")
    assert "half a pair: \ufffd" in (err.get("message") or "")


def test_write_reports_writes_all_and_lists_them(run) -> None:  # type: ignore[no-untyped-def]
    report, events, out = run
    (out / "events.jsonl").write_text("", encoding="utf-8")
    files = write_reports(report, events, out)
    assert files == {
        "json": "report.json",
        "html": "report.html",
        "junit": "junit.xml",
        "events": "events.jsonl",
    }
    for name in files.values():
        assert (out / name).is_file()
    assert read_json(out / "report.json").files == files
    assert not list(out.glob(".*.tmp"))


def test_every_category_and_rule_has_labels() -> None:
    from harness.model import Category

    lab = labels()
    assert set(lab.categories) == set(Category)
    assert set(lab.rules) == set(Rule)
    assert all(lab.category(c.value).zh and lab.category(c.value).en for c in Category)


def test_app_name_in_title_is_escaped(run) -> None:  # type: ignore[no-untyped-def]
    report, events, _ = run
    report.target.package = f"{APP}</title><script>x()</script>"
    html = render_html(report, events)
    assert "<script>x()" not in html
    assert "&lt;/title&gt;" in html


def test_html_caps_findings_and_stacks(run) -> None:  # type: ignore[no-untyped-def]
    from harness.report.html import MAX_FINDING_ROWS, MAX_STACKS

    report, events, _ = run
    base = report.findings[0]
    report.findings = [
        base.model_copy(
            update={"api": f"android.Fake.api{i}", "stack": [f"frame.F{i}.m(F.java:1)"]}
        )
        for i in range(MAX_FINDING_ROWS + 50)
    ]
    html = render_html(report, events)
    assert "android.Fake.api0<" in html and f"android.Fake.api{MAX_FINDING_ROWS - 1}<" in html
    assert f"android.Fake.api{MAX_FINDING_ROWS}<" not in html
    assert "50 more findings of this actor are in report.json" in html
    assert html.count("<details><summary>调用栈") == MAX_STACKS

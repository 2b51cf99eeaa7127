"""summary.html's bounded tables (the apps with the most findings, the per-SDK rows in the most
apps), said on the page, while summary.json and summary.xlsx keep every row; and the per-SDK
examples of an app whose key holds the separator the database joins them with."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from batch_doubles import finding

from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.summary import write_summary
from harness.batch.summary.query import SummaryQuery
from harness.batch.targets import Target
from harness.model import Category, Rule

DATA = list(Category)


def _finish(store: Store, result: JobResult) -> None:
    job = store.claim("d1", {"d1"})
    assert job is not None
    store.finish(job, "d1", result, retries=0)


@pytest.fixture
def rundir(tmp_path: Path) -> Path:
    """12 apps: com.app00 .. com.app11, app i with i % 6 findings (SDK 'S<j>' for the j-th)."""
    store = Store.in_folder(tmp_path)
    apps = [f"com.app{i:02d}" for i in range(12)]
    store.add_targets(Target(a, a, "package") for a in apps)
    for i, app in enumerate(apps):
        found = [finding(f"S{j}", data=DATA[j]) for j in range(i % 6)]
        report = f"apps/{app}/1/report.html"
        _finish(store, JobResult(JobState.done, package=app, report_path=report, findings=found))
    store.close()
    return tmp_path


def _app_rows(html: str) -> list[str]:
    return re.findall(r'<tr id="app-([^"]+)"', html)


def test_the_html_shows_the_apps_with_the_most_findings_and_says_so(rundir: Path) -> None:
    written = write_summary(rundir, ("html", "json", "xlsx"), html_apps=5)
    html = written["html"].read_text(encoding="utf-8")
    # most findings first: 5 (apps 05, 11), 4 (04, 10), then 3 (03 before 09: by key); shown
    # by app key
    assert _app_rows(html) == ["com.app03", "com.app04", "com.app05", "com.app10", "com.app11"]
    assert "Showing the 5 apps with the most findings, of 12" in html
    assert '<a href="summary.xlsx">summary.xlsx</a>' in html
    # an app's row keeps its findings (the page's filters read its rules and SDK names)
    row = html[html.index('<tr id="app-com.app05"') :]
    row = row[: row.index("</details>")]
    assert row.count('<td class="rule-pre_consent">') == 5 and "s0 s1 s2 s3 s4" in row
    # the other files have every app and every finding
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    assert len(data["apps"]) == 12 and sum(len(a["findings"]) for a in data["apps"]) == 30
    book = openpyxl.load_workbook(written["xlsx"])
    assert book["Apps 应用"].max_row == 13 and book["Findings 问题明细"].max_row == 31
    counts = {r[0].value: r[5].value for r in book["Apps 应用"].iter_rows(min_row=2)}
    assert counts["com.app05"] == 5 and counts["com.app06"] == 0
    # per data category: each category's apps (category j is read by the apps with > j)
    rows = {r["data"]: r for r in data["data_categories"]}
    assert rows[DATA[0].value]["apps"] == 10 and rows[DATA[4].value]["apps"] == 2


def test_under_the_bound_every_app_is_shown_without_a_note(rundir: Path) -> None:
    html = write_summary(rundir, ("html",))["html"].read_text(encoding="utf-8")
    assert _app_rows(html) == [f"com.app{i:02d}" for i in range(12)]
    assert "Showing the" not in html


def test_the_sdk_rows_in_the_most_apps_are_kept_in_key_order(rundir: Path) -> None:
    store = Store.in_folder(rundir)
    query = SummaryQuery(store)
    everything = list(query.sdk_rows(examples=None))
    assert [(r.sdk, r.apps) for r in everything] == [
        ("S0", 10), ("S1", 8), ("S2", 6), ("S3", 4), ("S4", 2),
    ]  # fmt: skip
    shown, total = query.sdk_rows_top(3, examples=2)
    assert total == 5 and [r.sdk for r in shown] == ["S0", "S1", "S2"]
    assert [len(r.examples) for r in shown] == [2, 2, 2]
    assert shown[0].examples == everything[0].examples[:2]
    store.close()


def test_an_app_key_holding_the_separator_keeps_its_examples(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    odd = "com.odd\x1fname\x1fx"
    store.add_targets(Target(a, a, "package") for a in ("com.a", odd))
    for _ in range(2):
        job = store.claim("d1", {"d1"})
        assert job is not None
        report = f"apps/{job.app}/1/report.html"
        result = JobResult(
            JobState.done, report_path=report, findings=[finding(rule=Rule.background)]
        )
        store.finish(job, "d1", result, retries=0)
    (row,) = SummaryQuery(store).sdk_rows(examples=None)
    assert row.apps == 2
    assert row.examples == [
        ("com.a", "apps/com.a/1/report.html"),
        (odd, f"apps/{odd}/1/report.html"),
    ]
    store.close()

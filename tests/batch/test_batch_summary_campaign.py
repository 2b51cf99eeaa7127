"""The campaign summary: shares of apps, the per-SDK chart, settings and tool version, offline
filters (in a real Chromium, over 10,000 apps), and a workbook with widths, filters, real
dates, an SDK ranking and a stacks sheet."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
from batch_doubles import finding

from harness import __version__
from harness.batch.model import JobResult, JobState
from harness.batch.settings import BatchSettings
from harness.batch.store import Store
from harness.batch.summary import write_summary
from harness.batch.targets import Target
from harness.model import Category, Rule

EVIL = "<img src=x onerror=alert(1)>"
STACK = ["com.umeng.analytics.Device.imei(Unknown Source)", "com.ad.App.onCreate(App.java:9)"]


def _finish(store: Store, result: JobResult) -> None:
    job = store.claim("d1", {"d1"})
    assert job is not None
    store.finish(job, "d1", result, retries=0)


@pytest.fixture
def rundir(tmp_path: Path) -> Path:
    store = Store.in_folder(tmp_path)
    store.set_meta("settings", BatchSettings(window=7.0).model_dump(mode="json"))
    store.set_meta("pool", {"inventory": None, "sim_slots": 2})
    apps = ["com.ad", "com.ad2", "com.good", "com.lost"]
    store.add_targets(Target(a, a, "package") for a in apps)
    _finish(
        store,
        JobResult(
            JobState.done,
            package="com.ad",
            report_path="apps/com.ad/1/report.html",
            findings=[
                finding("Umeng analytics"),
                finding("Umeng analytics", data=Category.android_id),
                finding(EVIL, package="evil.sdk"),
            ],
        ),
    )
    _finish(
        store,
        JobResult(
            JobState.done,
            package="com.ad2",
            report_path="apps/com.ad2/1/report.html",
            findings=[finding("Umeng analytics", rule=Rule.background, data=Category.location)],
        ),
    )
    _finish(store, JobResult(JobState.done, package="com.good"))
    _finish(store, JobResult(JobState.failed_infra, reason="device went away", infra_kind="device"))
    store.close()
    report = tmp_path / "apps" / "com.ad" / "1"
    report.mkdir(parents=True)
    f = finding("Umeng analytics").model_dump(mode="json")
    (report / "report.json").write_text(json.dumps({"findings": [{**f, "stack": STACK}]}))
    return tmp_path


def test_html_shows_shares_chart_settings_and_version(rundir: Path) -> None:
    html = write_summary(rundir, ("html",))["html"].read_text(encoding="utf-8")
    # 3 apps have a result; 2 of them have findings; pre_consent in 1, background in 1.
    assert "66.7 %</b>2 apps with findings" in html
    assert '<b>33.3 %</b>1 apps · <span class="rule-pre_consent">' in html
    assert '<b>33.3 %</b>1 apps · <span class="rule-background">' in html
    assert f"harness {__version__}" in html
    assert "<dt>window</dt><dd>7.0</dd>" in html and "sim_slots 2" in html
    assert 'aria-label="apps per SDK"' in html and ">Umeng analytics</text>" in html
    assert EVIL not in html and "&lt;img src=x" in html


def test_workbook_has_widths_filters_dates_ranking_and_stacks(rundir: Path) -> None:
    wb = openpyxl.load_workbook(write_summary(rundir, ("xlsx",))["xlsx"])
    assert wb.sheetnames[0] == "Ranking SDK排行"
    ranking = wb["Ranking SDK排行"]
    rows = [[c.value for c in r] for r in ranking.iter_rows(min_row=2)]
    assert rows[0][:6] == [1, "Umeng analytics", None, 1, 33.3, 2]  # "" reads back as None
    assert ranking.auto_filter.ref == f"A1:G{ranking.max_row}"
    sdks = wb["SDKs 第三方SDK"]
    assert sdks.column_dimensions["A"].width == 28
    assert sdks.auto_filter.ref == f"A1:H{sdks.max_row}"  # with "Sent to" (network evidence)
    apps = wb["Apps 应用"]
    heading = [c.value for c in apps[1]]
    started = heading.index("Started (UTC) / 开始时间")
    ad = next(r for r in apps.iter_rows(min_row=2) if r[0].value == "com.ad")
    assert ad[started].is_date and isinstance(ad[started].value, datetime.datetime)
    assert abs(ad[started].value - datetime.datetime.utcnow()) < datetime.timedelta(hours=1)
    findings = wb["Findings 问题明细"]
    first_at = [c.value for c in findings[1]].index("First call at / 首次调用时间")
    assert findings.cell(row=2, column=first_at + 1).value == datetime.datetime(2024, 1, 1)
    stacks = wb["Stacks 调用栈"]
    keys = [(r[0].value, r[1].value) for r in stacks.iter_rows(min_row=2)]
    assert len(keys) == len(set(keys))  # one stack per SDK and rule
    by_sdk = {(r[0].value, r[1].value): r for r in stacks.iter_rows(min_row=2)}
    umeng = by_sdk[("Umeng analytics", "pre_consent")]
    assert umeng[3].value == "com.ad" and umeng[6].value == "\n".join(STACK)
    assert umeng[6].alignment.wrap_text
    assert by_sdk[("Umeng analytics", "background")][6].value.startswith("(no report.json")


CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="needs chromium + chromium-driver (CI)")
def test_filters_work_offline_on_10000_apps(tmp_path: Path) -> None:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is a dev dependency")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    store = Store.in_folder(tmp_path)
    n = 10_000
    store.add_targets(Target(f"com.app{i:05d}", f"com.app{i:05d}", "package") for i in range(n))
    for i in range(n):
        found = [finding("JPush" if i % 10 == 0 else "Umeng analytics")] if i % 3 == 0 else []
        _finish(store, JobResult(JobState.done, package=f"com.app{i:05d}", findings=found))
    store.close()
    # every app on the page (it shows the 1,000 with the most findings unless told otherwise)
    page = write_summary(tmp_path, ("html",), html_apps=n)["html"]
    os.environ["SE_OFFLINE"] = "true"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    try:
        driver.get(page.as_uri())
        count = driver.find_element(By.ID, "f-count")
        assert count.text == f"{n} / {n}"
        started = time.perf_counter()
        driver.find_element(By.ID, "f-text").send_keys("jpush")
        # i % 30 == 0 -> 334 apps had JPush
        assert count.text == f"334 / {n}"
        Select(driver.find_element(By.ID, "f-rule")).select_by_value("background")
        assert count.text == f"0 / {n}"
        Select(driver.find_element(By.ID, "f-rule")).select_by_value("pre_consent")
        assert count.text == f"334 / {n}"
        elapsed = time.perf_counter() - started
        visible = driver.execute_script(
            "return [...document.querySelectorAll('#apps-body > tr')].filter(r => !r.hidden).length"
        )
        assert visible == 334
        assert elapsed < 60  # it answers (speed figures belong in benchmarks/)
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == []  # the CSP allows the page's own script: no violation
    finally:
        driver.quit()

"""`harness serve` in a real headless Chromium (Debian chromium + chromium-driver, selenium),
against a batch of the example apps on the simulated device WHILE it runs: the overview updates
without a reload, the SDK page names the SDKs, a filter narrows the app list, a report opens.
And a store holding a hostile app's strings: nothing of them runs or becomes an element."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import pytest

from tests.chromium import headless_chromium, needs_chromium

from .stores import HOSTILE_APP, ROOT, XSS, serving, small_store

pytestmark = needs_chromium
EXAMPLES = ROOT / "examples" / "apps"
APPS = ("ad-sdk-app", "good-news", "push-app")
FAST = ["--sim-slots", "1", "--window", "1", "--background-window", "0.5",
        "--dialog-timeout", "30", "--time-limit", "120"]  # fmt: skip
T = TypeVar("T")


def wait_for(what: str, check: Callable[[], T | None], seconds: float) -> T:
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium(1280, 900) as driver:
        yield driver


def _jobs(db: Path) -> int:
    try:
        with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM jobs").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created yet


def _text(driver: Any, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, element_id).text)


@pytest.mark.sim
@pytest.mark.slow
@pytest.mark.timeout(1500)
def test_the_dashboard_follows_a_running_batch(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    folder = tmp_path / "apps"
    for name in APPS:
        shutil.copytree(EXAMPLES / name, folder / name)
    rundir = tmp_path / "batch"
    batch = subprocess.Popen(
        [sys.executable, "-m", "harness", "batch", str(folder), "--out", str(rundir), *FAST],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    try:
        wait_for("the batch to queue its apps", lambda: _jobs(rundir / "harness.db") == 3, 300)
        with serving(str(rundir)) as served:
            browser.get(served.base + "/")
            assert "Campaign" in browser.title
            browser.execute_script("window.notReloaded = true")
            done_before = int(_text(browser, "n-done"))
            assert done_before < 3, "the batch finished before the dashboard saw it run"
            # the page's own script polls /api/overview: the figure changes with no reload
            wait_for(
                "the overview to count a finished app",
                lambda: int(_text(browser, "n-done")) > done_before,
                900,
            )
            assert browser.execute_script("return window.notReloaded") is True
            assert int(browser.find_element(By.TAG_NAME, "body").get_attribute("data-polls")) > 0
            assert browser.find_element(By.CSS_SELECTOR, "#devices tbody td").text == "sim-1"
            assert batch.wait(timeout=900) in (0, 1)
            wait_for("the overview to show all done", lambda: _text(browser, "n-done") == "3", 60)

            with sqlite3.connect(rundir / "harness.db") as db:
                found = {r[0] for r in db.execute(
                    "SELECT actor_name FROM findings WHERE actor_kind = 'sdk'")}  # fmt: skip
            assert found

            def sdk_names() -> set[str] | None:
                # the SDK inventory is counted at most every 30 s (docs/dashboard.md): reload
                browser.get(served.base + "/sdks")
                names = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "#sdks tbody a")}
                return names if found <= names else None

            wait_for("the SDK page to name the SDKs that collected", sdk_names, 120)
            sdk = sorted(found)[0]

            browser.get(served.base + "/apps")
            all_rows = browser.find_elements(By.CSS_SELECTOR, "#apps tbody tr.app")
            assert len(all_rows) == 3
            box = browser.find_element(By.NAME, "sdk")
            box.send_keys(sdk)
            browser.find_element(By.ID, "apply").click()
            wait_for("the filtered list", lambda: "sdk=" in browser.current_url, 60)
            rows = browser.find_elements(By.CSS_SELECTOR, "#apps tbody tr.app")
            assert 0 < len(rows) < 3
            assert all(sdk in r.text for r in rows)

            rows[0].find_element(By.CSS_SELECTOR, "a.report").click()
            wait_for("the run report", lambda: "privacy report" in browser.title, 60)
            assert browser.current_url.startswith(served.base + "/files/apps/")
            assert browser.find_elements(By.TAG_NAME, "h1")
    finally:
        if batch.poll() is None:
            os.killpg(batch.pid, 15)
            batch.wait(timeout=120)


def test_a_hostile_apps_strings_do_not_run(browser: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    small_store(tmp_path)
    with serving(str(tmp_path)) as served:
        pages = ["/", "/apps", "/sdks", "/infra", "/apps/" + quote(HOSTILE_APP, safe=""),
                 "/sdks/" + quote(XSS, safe=""), "/apps?q=" + quote(XSS, safe="")]  # fmt: skip
        for path in pages:
            browser.get(served.base + path)
            time.sleep(0.3)  # an onerror handler would have fired by now (the image fails fast)
            with pytest.raises(NoAlertPresentException):
                browser.switch_to.alert.text  # noqa: B018 - raises when no alert is open
            assert browser.find_elements(By.ID, "pwned") == [], path
            assert browser.execute_script("return document.scripts.length") == 1, path
        browser.get(served.base + "/apps/" + quote(HOSTILE_APP, safe=""))
        assert XSS in browser.find_element(By.TAG_NAME, "h1").text  # shown, as text
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not [e for e in errors if "Content Security Policy" in e["message"]], errors

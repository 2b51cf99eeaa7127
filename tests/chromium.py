"""One headless Chromium for the tests that drive a real browser (Debian chromium and
chromium-driver through selenium): the report's page checks and the dashboard's.

A test module uses `needs_chromium` as its `pytestmark` and `headless_chromium()` in its own
fixture; CI installs both packages (.ci/run), so the tests skip only on a developer machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="needs Debian chromium and chromium-driver (CI installs them)",
)
BASE_ARGS = (
    "--headless=new",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-sandbox",  # containers run tests as root
)


@contextlib.contextmanager
def headless_chromium(
    width: int = 1280, height: int = 900, extra: tuple[str, ...] = (), load_timeout_s: float = 120
) -> Iterator[Any]:
    """A selenium Chrome driver on the Debian binaries, its browser console log kept."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is a dev dependency")
    os.environ["SE_OFFLINE"] = "true"  # selenium must never look for drivers on the network
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (*BASE_ARGS, f"--window-size={width},{height}", *extra):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    driver.set_page_load_timeout(load_timeout_s)
    try:
        yield driver
    finally:
        driver.quit()

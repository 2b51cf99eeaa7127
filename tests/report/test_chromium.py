"""report.html in a real headless Chromium (Debian chromium + chromium-driver, via selenium):
no horizontal overflow at 1280 px, no console errors, every SVG label inside its picture, the
screenshots load. The page is the 10,000-call run (the densest timeline and calls table)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.report.model import PhaseEvidence
from harness.report.write import write_reports
from tests.chromium import headless_chromium, needs_chromium

from .sample import sample_events, sample_report

pytestmark = needs_chromium
WIDTH = 1280


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # --hide-scrollbars: so the viewport is exactly WIDTH wide
    with headless_chromium(WIDTH, 900, extra=("--hide-scrollbars",)) as driver:
        yield driver


def _run_folder(tmp_path: Path) -> Path:
    from PIL import Image

    events = sample_events(n_flood=10_000)
    report = sample_report(events, tmp_path)
    report.observed_s = 35.4
    phases = ["dialog_shown", "before_decision", "after_decision", "before_background"]
    for i, phase in enumerate(phases):
        Image.new("RGB", (1080, 2400), (255, 255, 255)).save(tmp_path / f"screen-{phase}.png")
        (tmp_path / f"ui-{phase}.xml").write_text("<hierarchy/>", encoding="utf-8")
        report.evidence.append(
            PhaseEvidence(
                phase=phase,
                at_s=3.0 + 5 * i,
                ui_dump=f"ui-{phase}.xml",
                screenshot=f"screen-{phase}.png",
            )
        )
    report.evidence.append(PhaseEvidence(phase="background", at_s=35.0, note="no screenshot"))
    write_reports(report, events, tmp_path)
    return tmp_path / "report.html"


def test_report_fits_1280px_without_console_errors(browser: Any, tmp_path: Path) -> None:
    page = _run_folder(tmp_path)
    browser.get(page.as_uri())
    assert browser.execute_script("return document.readyState") == "complete"
    inner = browser.execute_script("return window.innerWidth")
    assert inner == WIDTH
    scroll = browser.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= inner, f"horizontal overflow: {scroll} px content in a {inner} px window"
    # No element sticks out of the page either (a wide table inside an overflow:auto box).
    wide = browser.execute_script(
        "return [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert wide == []
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    # Every label of every timeline is inside its picture.
    outside = browser.execute_script(
        """
        const out = [];
        for (const svg of document.querySelectorAll('svg')) {
          const w = svg.viewBox.baseVal.width, h = svg.viewBox.baseVal.height;
          for (const t of svg.querySelectorAll('text')) {
            const b = t.getBBox();
            if (b.x < -0.5 || b.x + b.width > w + 0.5 || b.y < -0.5 || b.y + b.height > h + 0.5)
              out.push(t.textContent + ' ' + [b.x, b.width, w].join('/'));
          }
        }
        return out;
        """
    )
    assert outside == []
    loaded = browser.execute_script(
        "return [...document.images].map(i => i.complete && i.naturalWidth > 0)"
    )
    assert loaded == [True] * 4
    # The inset of the dense early calls is there, and the calls table is the capped one.
    assert browser.execute_script("return document.querySelectorAll('svg').length") >= 2
    assert "first 300 of 10005" in browser.page_source

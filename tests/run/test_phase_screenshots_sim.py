"""Phase screenshots on the simulated device are evidence: one per phase, in the run folder,
listed in manifest.json, referenced from report.json and report.html; `--pdf` prints the
report into the same package."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from harness.cli import run_cli
from harness.device.sim.fonts import screenshot_font
from harness.errors import DeviceError
from harness.run.config import RunConfig
from harness.run.protocol import run_app

sim = pytest.importorskip("harness.device.sim", reason="the simulated device is not in this build")

APP = Path(__file__).resolve().parents[2] / "examples" / "apps" / "good-news"
PHASES = ["dialog_shown", "before_decision", "after_decision", "before_background", "background"]
pytestmark = pytest.mark.sim

try:
    screenshot_font()
    FONT = True
except DeviceError:
    FONT = False
PDF_TOOLS = bool(shutil.which("chromium") and shutil.which("pdftotext"))


@pytest.mark.skipif(not FONT, reason="no CJK font (apt-get install fonts-wqy-microhei; CI has it)")
@pytest.mark.skipif(not PDF_TOOLS, reason="no chromium/pdftotext (apt-get; CI installs them)")
def test_every_phase_has_a_screenshot_in_the_package_and_the_reports(
    device: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run"
    config = RunConfig(
        target=str(APP), out=out, window=1.5, background_window=0.5, dialog_timeout=6.0, pdf=True
    )
    report = run_app(config, device=device)
    assert [e.phase for e in report.evidence] == PHASES
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    html = (out / "report.html").read_text(encoding="utf-8")
    stored = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [e["screenshot"] for e in stored["evidence"]] == [f"screen-{p}.png" for p in PHASES]
    for e in report.evidence:
        assert e.screenshot and e.ui_dump and not e.note
        png = (out / e.screenshot).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert e.screenshot in listed and e.ui_dump in listed
        assert f'src="{e.screenshot}"' in html
    # The picture changes with the screen: dialog, then the app, then the launcher.
    shots = {p: (out / f"screen-{p}.png").read_bytes() for p in PHASES}
    assert shots["dialog_shown"] == shots["before_decision"]  # nothing changed in between
    assert shots["after_decision"] != shots["before_decision"]
    assert shots["background"] != shots["before_background"]
    # "before the decision" is taken before the consent marker that precedes the tap.
    accepted = next(m for m in report.consent.markers if m.name == "consent_accepted")
    before = next(e for e in report.evidence if e.phase == "before_decision")
    assert before.at_s <= accepted.offset_s
    # The PDF is part of the package.
    assert "report.pdf" in listed and stored["files"]["pdf"] == "report.pdf"
    assert run_cli(["verify", str(out)]) == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "report.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "检测结论" in text and "各阶段截图" in text
    assert re.search(r"第 1 / \d+ 页", text)
    capsys.readouterr()

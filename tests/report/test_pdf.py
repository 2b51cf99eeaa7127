"""report.pdf through headless Chromium: the verdict on page 1, stacks printed open, Chinese
headings and page numbers, checked in the PDF's own text (pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness.cli import run_cli
from harness.errors import ExitCode
from harness.report.pdf import BROWSER_ENV, PdfError, find_browser
from harness.report.write import write_reports

from .sample import sample_events, sample_report

HAVE_TOOLS = bool(shutil.which("chromium") and shutil.which("pdftotext"))
needs_tools = pytest.mark.skipif(
    not HAVE_TOOLS, reason="needs Debian chromium and poppler-utils (CI installs them)"
)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@needs_tools
def test_pdf_of_a_run_folder_has_verdict_first_stacks_and_chinese_headings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = sample_events()
    report = sample_report(events, tmp_path)
    write_reports(report, events, tmp_path)
    (tmp_path / "events.jsonl").write_text(
        "".join(e.model_dump_json() + "\n" for e in events), encoding="utf-8"
    )
    assert run_cli(["report", "pdf", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "report.pdf")
    pages = _pages(tmp_path / "report.pdf")
    first = pages[0]
    # The verdict, in both languages, with its clauses, on page 1.
    assert report.verdict[0].zh.split("，")[0] in first
    assert "Collected before consent: yes" in first
    assert "认定方法 3 (1)" in first
    assert "检测结论" in first
    assert re.search(r"第 1 / \d+ 页", first)
    text = "\f".join(pages)
    # A stack frame: the <details> that hold the stacks print open.
    assert "at com.example.shop.Boot.run(Boot.java:1)" in text
    assert "调用栈" in text and "法律依据" in text and "钩子安装" in text
    # App-controlled text is printed as text, never interpreted.
    assert "<script>alert(1)</script>" in text


@needs_tools
def test_pdf_without_events_still_prints(tmp_path: Path) -> None:
    events = sample_events()
    report = sample_report(events, tmp_path)
    write_reports(report, events, tmp_path)
    out = tmp_path / "elsewhere.pdf"
    assert run_cli(["report", "pdf", str(tmp_path), "--out", str(out)]) == 0
    assert "检测结论" in _pages(out)[0]


def test_not_a_run_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["report", "pdf", str(tmp_path)]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"error: {tmp_path}: no report.json here") and "Traceback" not in err


def test_a_missing_browser_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PdfError) as raised:
        find_browser()
    assert "apt-get install chromium" in str(raised.value)
    monkeypatch.setenv(BROWSER_ENV, "/nonexistent/chrome")
    with pytest.raises(PdfError, match="not an executable file"):
        find_browser()

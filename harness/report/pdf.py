"""report.pdf: the HTML report printed by headless Chromium.

Why Chromium and not WeasyPrint: the PDF is then the page a tester sees, drawn by the same
engine the report's overflow test renders it with (tests/report/test_chromium.py), with its
full CSS and inline SVG; Debian ships it (`chromium`), CJK text comes from the system's fonts
(fonts-noto-cjk) through fontconfig, and paged media (`@page` margin boxes: page numbers) is
supported since Chromium 131. WeasyPrint would add a Python dependency with native Pango/cairo
libraries and a second CSS engine whose output the page tests would not cover.

The page is rendered in its print variant (every stack and evidence section open: a closed
<details> prints closed), with a <base> pointing at the run folder so the screenshots resolve,
and printed with `--print-to-pdf`. The page has no script, and its Content-Security-Policy
forbids any, so nothing the app wrote could run (Chromium's own scriptEnabled=false switch
would also stop its printing).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from harness.atomic import write_atomic
from harness.attribution import Attributor
from harness.errors import ExitCode, HarnessError
from harness.model import AnyEvent
from harness.report.digest import EventDigest
from harness.report.html import render_html
from harness.report.model import RunReport

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ENV = "HARNESS_CHROMIUM"
PRINT_TIMEOUT = 180.0  # s; a 10,000-call report prints in a few seconds unloaded


class PdfError(HarnessError):
    """The PDF could not be made: no browser, or the browser failed."""

    exit_code = ExitCode.USAGE


def find_browser() -> Path:
    """The headless Chromium to print with; PdfError with the package to install if none."""
    override = os.environ.get(BROWSER_ENV)
    if override:
        path = Path(override)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise PdfError(f"{BROWSER_ENV}={override}: not an executable file")
        return path
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise PdfError(
        "no Chromium to print the PDF with",
        hint=f"apt-get install chromium (or set {BROWSER_ENV} to a Chromium/Chrome binary)",
    )


def print_html(html: str, out: Path, *, browser: Path | None = None) -> None:
    """Print an HTML page (already complete) to `out` as PDF."""
    exe = browser or find_browser()
    with tempfile.TemporaryDirectory(prefix="harness-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(tmp) / "report.pdf"
        cmd = [
            str(exe),
            "--headless",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",  # page numbers come from the page's own @page rules
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        if os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        _run(cmd, exe)
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data.startswith(b"%PDF-"):
            raise PdfError(f"{exe} wrote no PDF")
        write_atomic(out, data)


def _run(cmd: list[str], exe: Path) -> None:
    # Its own process group: a browser that hangs is killed with every helper it started.
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = proc.communicate(timeout=PRINT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PdfError(f"{exe} did not finish printing within {PRINT_TIMEOUT:g} s") from None
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # helpers left behind by the browser
        except (ProcessLookupError, PermissionError):
            pass
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise PdfError(f"{exe} failed (exit {proc.returncode}): {' / '.join(tail)}")


def write_pdf(
    report: RunReport,
    events: Iterable[AnyEvent] | EventDigest,
    run_dir: Path,
    out: Path,
    *,
    attributor: Attributor | None = None,
) -> None:
    """report.pdf of a run: the print variant of report.html, screenshots from `run_dir`."""
    html = render_html(
        report,
        events,
        attributor=attributor,
        for_print=True,
        base_href=run_dir.resolve().as_uri() + "/",
    )
    print_html(html, out)

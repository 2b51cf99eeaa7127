"""The batch summary (summary.html, summary.xlsx) shows terminal controls and bidi overrides from
app-controlled text as escapes, never raw."""

import re
from pathlib import Path

import openpyxl
from batch_doubles import finding

from harness.batch.model import JobResult, JobState
from harness.batch.store import Store
from harness.batch.summary import write_summary
from harness.batch.targets import Target

HOSTILE = "\x1b]0;pwned\x07\x9b2J\u202etxt.exe"
ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_summary_html_and_xlsx_show_controls_as_escapes(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    store.add_targets([Target("com.evil", "com.evil", "package")])
    job = store.claim("d1", {"d1"})
    assert job is not None
    result = JobResult(
        JobState.done,
        package="com.evil",
        reason=f"boom{HOSTILE}",
        findings=[finding(f"Sdk{HOSTILE}", package="evil.sdk")],
    )
    store.finish(job, "d1", result, retries=0)
    store.close()
    written = write_summary(tmp_path, ("html", "xlsx"))
    html = written["html"].read_text(encoding="utf-8")
    assert ACTIVE.search(html.replace("\n", "").replace("\t", "")) is None
    assert "Sdk\\x1b]0;pwned\\x07\\x9b2J\\u202etxt.exe" in html
    cells = [
        str(c.value)
        for ws in openpyxl.load_workbook(written["xlsx"]).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    ]
    assert any("Sdk\\x1b]0;pwned\\x07\\x9b2J\\u202etxt.exe" in c for c in cells)
    assert not any(ACTIVE.search(c.replace("\n", "")) for c in cells)

"""Terminal controls and bidi overrides from the app reach report.html and junit.xml visible,
never active: ESC/BEL/C1 and U+202E appear as `\\x1b`-style escapes (harness.untrusted.visible)."""

from __future__ import annotations

import re
from pathlib import Path

from harness.model import CallEvent
from harness.report.write import write_reports
from tests.report.sample import sample_events, sample_report

# retitle the window, clear the screen, ring; then an override that reverses "txt.exe"
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202etxt.exe\u2066"
# What must never appear raw in a document a person reads.
ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_visible_names_each_active_character_and_keeps_tab_and_newline() -> None:
    from harness.untrusted import printable, visible, visible_data, xml_safe

    assert visible(HOSTILE) == "\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202etxt.exe\\u2066"
    assert visible("a\tb\nc\rd") == "a\tb\nc\\x0dd"
    assert printable("\u202e") == "\\u202e"
    assert xml_safe("x\ud800\x00") == "x\ufffd\\x00"
    assert visible_data({"k\x1b": ["\u202e", 1, None]}) == {"k\\x1b": ["\\u202e", 1, None]}


def test_report_html_and_junit_show_controls_from_app_strings(tmp_path: Path) -> None:
    events = [
        e.model_copy(
            update={
                "thread": f"main{HOSTILE}",
                "ret": f"value{HOSTILE}",
                "stack": [f"com.qq.e.comm.Ev{HOSTILE}il.id(Unknown Source)", *e.stack],
            }
        )
        if isinstance(e, CallEvent)
        else e
        for e in sample_events()
    ]
    report = sample_report(events, tmp_path)
    report.consent.detail = f"tapped {HOSTILE}"
    write_reports(report, events, tmp_path)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    for text in (html, junit):
        assert ACTIVE.search(text.replace("\t", "").replace("\n", "")) is None
    assert "tapped \\x1b]0;pwned\\x07" in html and "\\u202etxt.exe\\u2066" in html
    assert "Ev\\x1b]0;pwned" in junit and "\\u202etxt.exe" in junit
    # report.json is the evidence: the text as the app gave it (JSON escapes it itself)
    assert "\\u001b]0;pwned" in (tmp_path / "report.json").read_text(encoding="utf-8")

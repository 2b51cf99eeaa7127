"""`harness check` outputs (SARIF, JUnit, the Markdown summary) show terminal controls and bidi
overrides from the app as escapes, never raw."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from harness.check.compare import compare
from harness.check.junit import write_junit
from harness.check.markdown import summary_markdown
from harness.check.places import Places
from harness.check.sarif import write_sarif

from .factories import make_finding, make_report

HOSTILE = "\x1b]0;pwned\x07\x9b2J\u202etxt.exe"
ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_sarif_junit_and_markdown_show_controls_as_escapes(tmp_path: Path) -> None:
    finding = make_finding(
        name=f"AdSdk{HOSTILE}",
        frame=f"com.adsdk.Ad{HOSTILE}.init(AdSdk.java:42)",
        process=f"com.example.news:{HOSTILE}",
    )
    report = make_report([finding])
    result = compare(report, None, [], today=date(2025, 6, 1))
    sarif, junit = tmp_path / "out.sarif", tmp_path / "junit.xml"
    write_sarif(
        result, sarif, places=Places(source_root="src", manifest=None, project_file="harness.yaml")
    )
    write_junit(result, junit, fail_on_partial=True)
    markdown = summary_markdown(result, fail_on_partial=True)
    raw = sarif.read_text(encoding="utf-8")
    texts = [raw, junit.read_text(encoding="utf-8"), markdown]
    strings = "\n".join(_strings(json.loads(raw)))  # the strings as a SARIF viewer gets them
    for text in (*texts, strings):
        assert ACTIVE.search(text.replace("\n", "").replace("\t", "")) is None
    assert "u202etxt.exe" in strings and "x1b]0;pwned" in strings
    assert "\\u202etxt.exe" in ET.tostring(ET.parse(junit).getroot(), encoding="unicode")
    assert "\\u202etxt.exe" in markdown.replace("\\\\", "\\")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    return []

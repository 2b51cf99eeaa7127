"""The summary's streaming workbook writer, read back with openpyxl: what app-controlled text
becomes (never a formula, no XML-illegal characters, cut at Excel's limit), links, dates,
styles, frozen heading, widths and autofilter."""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl

from harness.batch.summary.xlsxstream import MAX_CELL, Link, Workbook, Wrapped
from harness.untrusted import xml_safe

HOSTILE = [
    '=HYPERLINK("http://evil","x")',
    "+1+2",
    "@SUM(A1)",
    "a\x00b\x07c\x1fd",  # XML-illegal characters
    "<t>&amp;</t> ]]> \"'",
    "  spaces kept  ",
    "中文 \u202e bidi",
    "x" * (MAX_CELL + 10),
]


def test_hostile_text_stays_text_and_the_sheet_is_well_formed(tmp_path: Path) -> None:
    dest = tmp_path / "w.xlsx"
    wb = Workbook(dest)
    sheet = wb.sheet("Apps 'quoted' & <odd> name that is far too long", [30, 12.5, 20, 10])
    sheet.heading(["Text / 文本", "Number", "When", "Link"])
    when = datetime.datetime(2024, 5, 6, 7, 8, 9)
    for i, text in enumerate(HOSTILE):
        sheet.append([text, i + 0.5, when, Link(text[:50], f"../apps/a&b {i}/report.html")])
    sheet.append([None, "", Wrapped("line 1\nline 2"), None])
    wb.close_sheet()
    second = wb.sheet("Second", [10])
    second.heading(["only"])
    wb.close()

    book = openpyxl.load_workbook(dest)
    assert book.sheetnames == ["Apps 'quoted' & <odd> name that", "Second"]
    ws = book.worksheets[0]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:D{len(HOSTILE) + 2}"
    assert ws.column_dimensions["A"].width == 30 and ws.column_dimensions["B"].width == 12.5
    assert [c.value for c in ws[1]] == ["Text / 文本", "Number", "When", "Link"]
    assert ws["A1"].font.b
    for row, text in enumerate(HOSTILE, start=2):
        cell = ws.cell(row, 1)
        assert cell.data_type == "s"  # never a formula
        expected = xml_safe(text)  # controls and bidi marks shown as escapes
        assert cell.value == expected[:MAX_CELL]
        assert ws.cell(row, 2).value == row - 2 + 0.5
        assert ws.cell(row, 3).is_date and ws.cell(row, 3).value == when
        link = ws.cell(row, 4)
        assert link.hyperlink.target == f"../apps/a&b {row - 2}/report.html"
        assert link.font.u == "single"
    last = len(HOSTILE) + 2
    assert ws.cell(last, 1).value is None and ws.cell(last, 2).value is None
    assert ws.cell(last, 3).value == "line 1\nline 2" and ws.cell(last, 3).alignment.wrap_text
    assert book["Second"].max_row == 1

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


def test_the_row_path_writes_what_append_writes(tmp_path: Path) -> None:
    """write_rows (one %-format per clean row, cell by cell otherwise) against append."""
    from harness.batch.summary.xlsxstream import Kind, excel_serial

    when = datetime.datetime(2024, 5, 6, 7, 8, 9)
    plain = ["com.a", "a b", "x" * 100, "", "None", "{0} {}", "%s %(x)d 100%"]
    texts = [*plain, *HOSTILE]
    kinds = (Kind.text, Kind.number, Kind.date, Kind.link, Kind.wrap)
    rows = [
        (text, i if i % 3 else None, excel_serial(when) if i % 2 else None, text, text)
        for i, text in enumerate(texts)
    ]
    dest = tmp_path / "rows.xlsx"
    wb = Workbook(dest)
    fast = wb.sheet("fast", [10] * 5)
    fast.heading(["t", "n", "d", "l", "w"])
    fast.write_rows(kinds, rows, link=lambda t: f"../{t}")
    wb.close_sheet()
    slow = wb.sheet("slow", [10] * 5)
    slow.heading(["t", "n", "d", "l", "w"])
    for text, n, d, link_text, wrapped in rows:
        slow.append(
            [
                text,
                n,
                when if d is not None else None,
                Link(link_text, f"../{link_text}") if link_text else None,
                Wrapped(wrapped) if wrapped else None,
            ]
        )
    wb.close()
    book = openpyxl.load_workbook(dest)
    a, b = book["fast"], book["slow"]
    assert a.max_row == b.max_row == len(texts) + 1
    for ra, rb in zip(a.iter_rows(min_row=2), b.iter_rows(min_row=2), strict=True):
        assert [c.value for c in ra] == [c.value for c in rb]
        assert [c.data_type for c in ra] == [c.data_type for c in rb]
        assert (ra[3].hyperlink and ra[3].hyperlink.target) == (
            rb[3].hyperlink and rb[3].hyperlink.target
        )
        assert ra[4].alignment.wrap_text == rb[4].alignment.wrap_text
    assert a.cell(2, 1).value == "com.a" and a.cell(4, 1).value == "x" * 100
    assert a.cell(5, 1).value is None and a.cell(6, 1).value == "None"


def test_column_letters_and_dates_match_openpyxl() -> None:
    """The writer names columns and serialises dates itself (openpyxl is imported only for a
    date outside the long sheets): both must be what openpyxl writes and reads back."""
    from openpyxl.utils import get_column_letter as openpyxl_letter
    from openpyxl.utils.datetime import to_excel as openpyxl_to_excel

    from harness.batch.summary.xlsxstream import get_column_letter, to_excel

    assert [get_column_letter(i) for i in range(1, 16385)] == [
        openpyxl_letter(i) for i in range(1, 16385)
    ]
    moment = datetime.datetime(2026, 12, 2, 5, 1, 2, 345678)
    assert to_excel(moment) == openpyxl_to_excel(moment)


def test_long_sheets_do_not_import_openpyxl(tmp_path: Path) -> None:
    """Writing the fast path's sheets leaves openpyxl unimported (about 0.4 s of every summary)."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path\n"
        "from harness.batch.summary.xlsxstream import Kind, Workbook\n"
        f"wb = Workbook(Path({str(tmp_path / 'w.xlsx')!r}))\n"
        "s = wb.sheet('t', [10.0, 10.0, 10.0])\n"
        "s.heading(['a', 'b', 'c'])\n"
        "s.write_rows([Kind.text, Kind.link, Kind.number], [('x', 'r/1', 1)], lambda t: t)\n"
        "wb.close()\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert book["t"]["B2"].hyperlink.target == "r/1"


def test_sheets_written_out_of_order_keep_their_places(tmp_path: Path) -> None:
    """The summary writes its long sheets first: a sheet's position, not the order it was
    written in, is its place in the workbook (names, filters, links all follow it)."""
    import pytest

    dest = tmp_path / "w.xlsx"
    wb = Workbook(dest)
    third = wb.sheet("third", [10], position=3)
    third.heading(["c"])
    third.append([Link("x", "../x.html")])
    wb.close_sheet()
    with pytest.raises(AssertionError, match="position 3"):
        wb.sheet("again", [10], position=3)
    for position, title in ((1, "first"), (2, "second")):
        sheet = wb.sheet(title, [10, 10], position=position)
        sheet.heading([title, "n"])
        sheet.append([title, position])
        wb.close_sheet()
    wb.close()

    book = openpyxl.load_workbook(dest)
    assert book.sheetnames == ["first", "second", "third"]
    assert [c.value for c in book["second"][2]] == ["second", 2]
    assert book["first"].auto_filter.ref == "A1:B2" and book["third"].auto_filter.ref == "A1:A2"
    assert book["third"]["A2"].hyperlink.target == "../x.html"

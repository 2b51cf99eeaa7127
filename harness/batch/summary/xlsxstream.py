"""A streaming .xlsx writer for the summary workbook: each sheet's XML is written row by row
straight into the zip member, so a 100,000-app campaign (about five million cells) costs a few
seconds and flat memory.

Why our own and not openpyxl or XlsxWriter: both build a cell object (with its style checks) per
value; measured on this machine they cost 13-18 microseconds a cell, over a minute for the
campaign's workbook against the summary's 10 s target. What the summary needs is small and fixed
(ECMA-376 SpreadsheetML): text, numbers and dates, a bold heading row frozen at the top, column
widths, an autofilter, external hyperlinks and wrapped text, four cell styles in all. Tests read
the files back with openpyxl.

Text is always an inline string (`t="inlineStr"`), never a formula, whatever it starts with;
controls and bidi marks are shown as escapes (harness.untrusted.xml_safe, which also replaces what
XML 1.0 cannot carry by U+FFFD) and cells are cut at Excel's 32,767 characters.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, cast
from xml.sax.saxutils import escape, quoteattr

from harness.untrusted import xml_safe

MAX_CELL = 32767  # Excel's limit on a cell's text
MAX_TITLE = 31  # Excel's limit on a sheet's name

# cell styles (indices into styles.xml's cellXfs)
PLAIN, BOLD, LINK, WRAP, DATE = range(5)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = (
    _HEAD + f"<styleSheet {_NS}>"
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class Kind(str, Enum):
    """What a column of `Sheet.write_rows` holds."""

    text = "text"
    label = "label"  # text of ours, already clean (a state label): not checked row by row
    wrap = "wrap"  # text shown with wrapped lines (stacks)
    link = "link"  # text that is an external hyperlink to link(text)
    number = "number"  # int or float
    date = "date"  # an Excel serial date (a float: `excel_serial`)


# a cell of each kind with its value to be filled in by str.format (the fast path: clean text)
_CELL = {
    Kind.text: '<c t="inlineStr"><is><t>{}</t></is></c>',
    Kind.label: '<c t="inlineStr"><is><t>{}</t></is></c>',
    Kind.wrap: f'<c t="inlineStr" s="{WRAP}"><is><t>{{}}</t></is></c>',
    Kind.link: f'<c t="inlineStr" s="{LINK}"><is><t>{{}}</t></is></c>',
    Kind.number: "<c><v>{}</v></c>",
    Kind.date: f'<c s="{DATE}"><v>{{}}</v></c>',
}
_STYLE = {Kind.text: PLAIN, Kind.label: PLAIN, Kind.wrap: WRAP, Kind.link: LINK}
# what the fast path writes for "" and None, made empty cells (escaped text cannot contain them)
_BLANKS = (
    *(cell.replace("{}", "") for kind, cell in _CELL.items() if kind in _STYLE),
    *(cell.replace("{}", "None") for kind, cell in _CELL.items() if kind not in _STYLE),
)
ROWS_PER_WRITE = 512
_EXCEL_EPOCH = datetime(1899, 12, 30)
_DAY = timedelta(days=1)


def to_excel(moment: datetime) -> float:
    """openpyxl's serial date (days since 1899-12-30, its leap-year quirk included), so that it
    reads back the same. Imported on first use: importing openpyxl costs about 0.4 s of CPU, a
    fixed share of every `harness summary`, and the summary's long sheets never need it."""
    from openpyxl.utils.datetime import to_excel as openpyxl_to_excel

    return cast(Callable[[datetime], float], openpyxl_to_excel)(moment)


def get_column_letter(index: int) -> str:
    """A column's letters (1 -> A, 27 -> AA): the sheet's few columns, without openpyxl's
    import (see `to_excel`)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def excel_serial(moment: datetime) -> float:
    """A naive (UTC) datetime as Excel's serial date: days since 1899-12-30 (openpyxl reads it
    back the same; the summary's dates are all after 1900-03-01, past Excel's leap-year bug)."""
    return (moment - _EXCEL_EPOCH) / _DAY


def clean_text(value: str) -> str:
    """Text as a cell may hold it, at most MAX_CELL characters: controls (which XLSX cannot
    hold) and bidi overrides shown as escapes, not acted on (harness.untrusted's one rule)."""
    if value.isascii() and value.isprintable():  # the common case, at C speed
        return value[:MAX_CELL]
    return xml_safe(value)[:MAX_CELL]


@dataclass(frozen=True)
class Link:
    """A text cell that is an external hyperlink (relative paths allowed)."""

    text: str
    target: str


@dataclass(frozen=True)
class Wrapped:
    """A text cell shown with wrapped lines (stacks)."""

    text: str


def _text_cell(text: str, style: int) -> str:
    text = clean_text(text)
    s = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{escape(text)}</t></is></c>'


@dataclass
class Sheet:
    title: str
    _fh: IO[bytes]
    _columns: int
    _position: int  # its place among the workbook's sheets, from 1 (its member's number)
    _rows: int = 0
    _links: list[tuple[str, str]] = field(default_factory=list)  # (cell, target)

    def append(self, values: Sequence[Any]) -> None:
        """One row: str, int, float, datetime, Link, Wrapped or None (an empty cell)."""
        self._rows += 1
        parts = [f'<row r="{self._rows}">']
        for i, value in enumerate(values):
            if value is None or value == "":
                parts.append("<c/>")  # keeps the columns in place (cells carry no r=)
            elif isinstance(value, str):
                parts.append(_text_cell(value, PLAIN))
            elif isinstance(value, bool):
                parts.append(f'<c t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                parts.append(f"<c><v>{value!r}</v></c>")
            elif isinstance(value, datetime):
                parts.append(f'<c s="{DATE}"><v>{to_excel(value)!r}</v></c>')
            elif isinstance(value, Link):
                parts.append(_text_cell(value.text, LINK))
                self._links.append((f"{get_column_letter(i + 1)}{self._rows}", value.target))
            elif isinstance(value, Wrapped):
                parts.append(_text_cell(value.text, WRAP))
            else:
                parts.append(_text_cell(str(value), PLAIN))
        parts.append("</row>")
        self._fh.write("".join(parts).encode("utf-8"))

    def write_rows(
        self,
        kinds: Sequence[Kind],
        rows: Iterable[Sequence[Any]],
        link: Callable[[str], str] | None = None,
    ) -> None:
        """Many rows of fixed column kinds, each row one %-format of a template made once
        (printf-style: about a third less CPU than str.format for the same text, since `%s`
        and `{}` both give str() of a str, int, float or None).

        A row whose text is all printable ASCII with nothing to escape (the common case,
        checked with a few C-speed string tests over its text values joined) is formatted as
        it is; any other row goes cell by cell through `clean_text` and XML escaping, as
        `append` does. Rows are written in blocks of ROWS_PER_WRITE."""
        template = '<row r="{}">' + "".join(_CELL[k] for k in kinds) + "</row>"
        template = template.replace("%", "%%").replace("{}", "%s")  # no "{}" in the markup
        texts = [i for i, k in enumerate(kinds) if k in _STYLE and k is not Kind.label]
        links = [(i, get_column_letter(i + 1)) for i, k in enumerate(kinds) if k is Kind.link]
        pick = itemgetter(*texts) if len(texts) > 1 else None
        one = texts[0] if len(texts) == 1 else None
        block: list[str] = []
        n = self._rows
        for row in rows:
            n += 1
            try:
                probe = "|".join(pick(row)) if pick else (row[one] if one is not None else "")
                clean = (
                    probe.isascii()
                    and probe.isprintable()
                    and len(probe) <= MAX_CELL
                    and "&" not in probe
                    and "<" not in probe
                    and ">" not in probe
                    and " |" not in probe  # leading or trailing spaces need xml:space
                    and "| " not in probe
                    and probe[:1] != " "
                    and probe[-1:] != " "
                )
            except TypeError:  # a None (or non-text) in a text column
                clean = False
            block.append(template % (n, *row) if clean else self._slow_row(n, kinds, row))
            for i, letter in links:
                if row[i] and link is not None:
                    self._links.append((f"{letter}{n}", link(row[i])))
            if len(block) >= ROWS_PER_WRITE:
                self._write_block(block)
        self._rows = n
        self._write_block(block)

    def _write_block(self, block: list[str]) -> None:
        if not block:
            return
        chunk = "".join(block)
        for blank in _BLANKS:
            if blank in chunk:
                chunk = chunk.replace(blank, "<c/>")
        self._fh.write(chunk.encode("utf-8"))
        block.clear()

    @staticmethod
    def _slow_row(n: int, kinds: Sequence[Kind], row: Sequence[Any]) -> str:
        parts = [f'<row r="{n}">']
        for kind, value in zip(kinds, row, strict=True):
            if value is None or value == "":
                parts.append("<c/>")
            elif kind in _STYLE:
                parts.append(_text_cell(str(value), _STYLE[kind]))
            else:
                parts.append(_CELL[kind].format(repr(value)))
        parts.append("</row>")
        return "".join(parts)

    def heading(self, labels: Iterable[str]) -> None:
        self._rows += 1
        cells = "".join(_text_cell(label, BOLD) for label in labels)
        self._fh.write(f'<row r="{self._rows}">{cells}</row>'.encode())

    @property
    def rows(self) -> int:
        return self._rows

    @property
    def filter_ref(self) -> str:
        return f"A1:{get_column_letter(self._columns)}{max(self._rows, 1)}"


class Workbook:
    """Sheets are written one after the other (each closed before the next is opened), in any
    order: a sheet's `position` (from 1; by default after the last so far) is its place in the
    workbook, whatever order the zip's members come in (the summary writes its long sheets
    first, while the per-SDK rows are still on their way, see `harness.batch.summary.write`)."""

    def __init__(self, dest: Path) -> None:
        self._zip = zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: dict[int, Sheet] = {}
        self._open: Sheet | None = None

    def sheet(
        self,
        title: str,
        widths: Sequence[float],
        frozen_heading: bool = True,
        position: int | None = None,
    ) -> Sheet:
        assert self._open is None, "close the previous sheet first"
        n = max(self._sheets, default=0) + 1 if position is None else position
        assert n >= 1 and n not in self._sheets, f"sheet position {n} taken or invalid"
        fh = self._zip.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True)
        sheet = Sheet(title[:MAX_TITLE], fh, len(widths), n)
        pane = (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft"/>'
            if frozen_heading
            else ""
        )
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w!r}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        fh.write(
            (
                f"{_HEAD}<worksheet {_NS} {_REL_NS}>"
                f'<sheetViews><sheetView workbookViewId="0">{pane}</sheetView></sheetViews>'
                f'<sheetFormatPr defaultRowHeight="15"/>'
                f"{'<cols>' + cols + '</cols>' if cols else ''}<sheetData>"
            ).encode()
        )
        self._sheets[n] = sheet
        self._open = sheet
        return sheet

    def close_sheet(self) -> None:
        sheet = self._open
        assert sheet is not None
        n = sheet._position
        tail = [f'</sheetData><autoFilter ref="{sheet.filter_ref}"/>']
        if sheet._links:
            tail.append("<hyperlinks>")
            tail.extend(
                f'<hyperlink ref="{cell}" r:id="rId{i}"/>'
                for i, (cell, _) in enumerate(sheet._links, start=1)
            )
            tail.append("</hyperlinks>")
        tail.append("</worksheet>")
        sheet._fh.write("".join(tail).encode())
        sheet._fh.close()
        if sheet._links:
            rels = "".join(
                f'<Relationship Id="rId{i}" Type="{_DOC_REL}/hyperlink" '
                f'Target={quoteattr(clean_text(target))} TargetMode="External"/>'
                for i, (_, target) in enumerate(sheet._links, start=1)
            )
            self._zip.writestr(
                f"xl/worksheets/_rels/sheet{n}.xml.rels",
                f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
            )
            sheet._links = []
        self._open = None

    def close(self) -> None:
        if self._open is not None:
            self.close_sheet()
        sheets = [self._sheets[n] for n in sorted(self._sheets)]
        assert len(sheets) == max(self._sheets, default=0), "a sheet position left empty"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        self._zip.writestr(
            "[Content_Types].xml",
            f"{_HEAD}<Types "
            'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self._zip.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        entries = "".join(
            f'<sheet name={quoteattr(s.title)} sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(_quoted(s.title))}!{_absolute(s.filter_ref)}</definedName>"
            for i, s in enumerate(sheets)
        )
        self._zip.writestr(
            "xl/workbook.xml",
            f"{_HEAD}<workbook {_NS} {_REL_NS}><sheets>{entries}</sheets>"
            f"{'<definedNames>' + names + '</definedNames>' if names else ''}</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_DOC_REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        styles_id = len(sheets) + 1
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{styles_id}" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        self._zip.writestr("xl/styles.xml", _STYLES)
        self._zip.close()


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _absolute(ref: str) -> str:
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))

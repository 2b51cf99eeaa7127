"""summary.xlsx: one sheet per table, bilingual headings, written in openpyxl write-only mode.

Every app-controlled string is written as plain text: a package or SDK name starting with `=`
must never become a formula, and characters Excel rejects are dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from harness.atomic import replacing
from harness.batch.summary import columns
from harness.batch.summary.query import SummaryQuery

MAX_CELL = 32767  # Excel's limit on a cell's text
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")


def _cell(ws: WriteOnlyWorksheet, value: Any, *, link: str | None = None) -> Any:
    """The value as openpyxl should store it; plain values pass through (fastest path)."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        value = value[:MAX_CELL]
        if not link and not value.startswith("="):
            return value
        cell = WriteOnlyCell(ws, value=None)
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif not link:
        return value
    else:
        cell = WriteOnlyCell(ws, value=value)
    if link:
        cell.hyperlink = link
        cell.font = _LINK
    return cell


def _sheet(
    wb: Workbook,
    title: str,
    cols: tuple[tuple[str, str], ...],
    rows: Iterable[dict[str, Any]],
    link_column: str | None,
    link: Any,
) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    heading = []
    for _, label in cols:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = _BOLD
        heading.append(cell)
    ws.append(heading)
    for row in rows:
        out = []
        for key, _ in cols:
            value = row.get(key)
            value = "" if value is None else value
            if key == link_column and value:
                out.append(_cell(ws, value, link=link(value)))
            else:
                out.append(_cell(ws, value))
        ws.append(out)


def write_xlsx(query: SummaryQuery, rundir: Path, dest: Path) -> None:
    def link(report_path: str) -> str:
        return Path(os.path.relpath(rundir / report_path, dest.parent)).as_posix()

    wb = Workbook(write_only=True)
    sdk_rows = (
        {
            **row.__dict__,
            "examples": ", ".join(app for app, _ in row.examples),
            "hosts": ", ".join(row.hosts),
        }
        for row in query.sdk_rows(examples=None)
    )
    _sheet(wb, "SDKs 第三方SDK", columns.SDK_COLUMNS, sdk_rows, None, link)

    apps = (
        {
            **app,
            "state": columns.STATE_LABELS.get(app["state"], app["state"]),
            "findings": len(app["findings"]),
        }
        for app in query.apps()
    )
    _sheet(wb, "Apps 应用", columns.APP_COLUMNS, apps, "report_path", link)
    # a second pass over the store keeps memory flat (write-only sheets are written in order)
    all_findings = (f for app in query.apps() for f in app["findings"])
    _sheet(wb, "Findings 问题明细", columns.FINDING_COLUMNS, all_findings, None, link)
    _sheet(wb, "Infra 环境故障", columns.INFRA_COLUMNS, query.infra_failures(), "report_path", link)
    _sheet(wb, "Devices 设备", columns.DEVICE_COLUMNS, query.overview().devices, None, link)
    with replacing(dest) as tmp:
        wb.save(tmp)

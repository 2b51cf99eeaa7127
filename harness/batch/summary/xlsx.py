"""summary.xlsx: one sheet per table, bilingual headings, written in openpyxl write-only mode.

Every app-controlled string is written as plain text: a package or SDK name starting with `=`
must never become a formula, and characters Excel rejects are dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from harness.atomic import replacing
from harness.batch.summary import columns
from harness.batch.summary.campaign import percent
from harness.batch.summary.query import SummaryQuery
from harness.batch.summary.stacks import example_stacks
from harness.untrusted import visible

MAX_CELL = 32767  # Excel's limit on a cell's text
_BOLD = Font(bold=True)
_LINK = Font(color="0563C1", underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")
DATE_KEYS = {"started_at", "ended_at", "first_at"}


def _date(value: Any) -> datetime | None:
    """A real date for Excel (UTC, without a zone: Excel has none) from epoch seconds or ISO."""
    try:
        if isinstance(value, (int, float)):
            moment = datetime.fromtimestamp(float(value), tz=timezone.utc)
        elif isinstance(value, str) and value:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(timezone.utc)
        else:
            return None
    except (ValueError, OverflowError, OSError):
        return None
    return moment.replace(tzinfo=None)


def _cell(
    ws: WriteOnlyWorksheet, value: Any, *, link: str | None = None, wrap: bool = False
) -> Any:
    """The value as openpyxl should store it; plain values pass through (fastest path)."""
    if isinstance(value, str):
        # controls (which XLSX cannot hold) and bidi overrides shown as escapes, not acted on
        value = visible(value)[:MAX_CELL]
        if not link and not wrap and not value.startswith("="):
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
    if wrap:
        cell.alignment = _WRAP
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
    for i, (key, _) in enumerate(cols, start=1):  # before the first row: write-only sheets
        width = columns.WIDTHS.get(key, columns.DEFAULT_WIDTH)
        ws.column_dimensions[get_column_letter(i)].width = width
    heading = []
    for _, label in cols:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = _BOLD
        heading.append(cell)
    ws.append(heading)
    n = 0
    for row in rows:
        out = []
        for key, _ in cols:
            value = row.get(key)
            value = "" if value is None else value
            if key == link_column and value:
                out.append(_cell(ws, value, link=link(value)))
            elif key in DATE_KEYS and (moment := _date(value)) is not None:
                # a plain datetime: openpyxl's fast path gives it a date format itself
                out.append(moment)
            elif key == "stack" and value:
                out.append(_cell(ws, str(value), wrap=True))
            else:
                out.append(_cell(ws, value))
        ws.append(out)
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n + 1}"


def write_xlsx(query: SummaryQuery, rundir: Path, dest: Path) -> None:
    def link(report_path: str) -> str:
        return Path(os.path.relpath(rundir / report_path, dest.parent)).as_posix()

    wb = Workbook(write_only=True)
    overview = query.overview()
    tested = sum(n for s, n in overview.by_state.items() if s in ("done", "failed_app", "timeout"))
    ranking = (
        {
            **row,
            "rank": i,
            "pre_consent_percent": percent(int(row["pre_consent_apps"]), tested),
            "apps_percent": percent(int(row["apps"]), tested),
        }
        for i, row in enumerate(query.sdk_top(limit=10_000), start=1)
    )
    _sheet(wb, "Ranking SDK排行", columns.RANKING_COLUMNS, ranking, None, link)
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
    app_columns = columns.APP_COLUMNS + columns.APP_DATE_COLUMNS
    _sheet(wb, "Apps 应用", app_columns, apps, "report_path", link)
    # a second pass over the store keeps memory flat (write-only sheets are written in order)
    all_findings = (f for app in query.apps() for f in app["findings"])
    _sheet(wb, "Findings 问题明细", columns.FINDING_COLUMNS, all_findings, None, link)
    stacks = example_stacks(query, rundir)
    _sheet(wb, "Stacks 调用栈", columns.STACK_COLUMNS, stacks, None, link)
    _sheet(wb, "Infra 环境故障", columns.INFRA_COLUMNS, query.infra_failures(), "report_path", link)
    _sheet(wb, "Devices 设备", columns.DEVICE_COLUMNS, overview.devices, None, link)
    with replacing(dest) as tmp:
        wb.save(tmp)

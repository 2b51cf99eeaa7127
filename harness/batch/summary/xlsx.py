"""summary.xlsx: one sheet per table, bilingual headings, streamed row by row
(`harness.batch.summary.xlsxstream`).

Every app-controlled string is written as plain text: a package or SDK name starting with `=`
must never become a formula, and controls (which Excel rejects) and bidi marks are shown as
escapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from harness.atomic import replacing
from harness.batch.summary import columns
from harness.batch.summary.campaign import percent
from harness.batch.summary.links import report_link
from harness.batch.summary.query import SummaryQuery
from harness.batch.summary.stacks import example_stacks
from harness.batch.summary.xlsxstream import Link, Workbook, Wrapped

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


def _sheet(
    wb: Workbook,
    title: str,
    cols: tuple[tuple[str, str], ...],
    rows: Iterable[dict[str, Any]],
    link_column: str | None,
    link: Any,
) -> None:
    sheet = wb.sheet(title, [columns.WIDTHS.get(key, columns.DEFAULT_WIDTH) for key, _ in cols])
    sheet.heading(label for _, label in cols)
    keys = [key for key, _ in cols]
    for row in rows:
        out: list[Any] = []
        for key in keys:
            value = row.get(key)
            if value is None or value == "":
                out.append(None)
            elif key == link_column:
                out.append(Link(str(value), link(value)))
            elif key in DATE_KEYS and (moment := _date(value)) is not None:
                out.append(moment)
            elif key == "stack":
                out.append(Wrapped(str(value)))
            else:
                out.append(value)
        sheet.append(out)
    wb.close_sheet()


def write_xlsx(query: SummaryQuery, rundir: Path, dest: Path) -> None:
    link = report_link(rundir, dest)
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
    with replacing(dest) as tmp:
        wb = Workbook(tmp)
        _sheets(wb, query, rundir, overview, ranking, link)
        wb.close()


def _sheets(
    wb: Workbook,
    query: SummaryQuery,
    rundir: Path,
    overview: Any,
    ranking: Iterable[dict[str, Any]],
    link: Any,
) -> None:
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
    # a second pass over the store keeps memory flat (sheets are written one after the other)
    _sheet(wb, "Findings 问题明细", columns.FINDING_COLUMNS, query.findings(), None, link)
    stacks = example_stacks(query, rundir)
    _sheet(wb, "Stacks 调用栈", columns.STACK_COLUMNS, stacks, None, link)
    _sheet(wb, "Infra 环境故障", columns.INFRA_COLUMNS, query.infra_failures(), "report_path", link)
    _sheet(wb, "Devices 设备", columns.DEVICE_COLUMNS, overview.devices, None, link)

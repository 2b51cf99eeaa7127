"""summary.xlsx: one sheet per table, bilingual headings, streamed row by row
(`harness.batch.summary.xlsxstream`).

Every app-controlled string is written as plain text: a package or SDK name starting with `=`
must never become a formula, and controls (which Excel rejects) and bidi marks are shown as
escapes.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from harness.atomic import replacing
from harness.batch.summary import columns
from harness.batch.summary.campaign import percent
from harness.batch.summary.links import report_link
from harness.batch.summary.query import FINDING_FIELDS, SummaryQuery
from harness.batch.summary.stacks import example_stacks
from harness.batch.summary.xlsxstream import (
    Kind,
    Link,
    Workbook,
    Wrapped,
    clean_text,
    excel_serial,
)

DATE_KEYS = {"started_at", "ended_at", "first_at"}
UNIX_EPOCH_SERIAL = 25569.0  # 1970-01-01 as an Excel serial date
T, N, D = Kind.text, Kind.number, Kind.date
SDK_KINDS = (T, T, T, T, T, N, T, T)  # columns.SDK_COLUMNS
APP_KINDS = (T, T, Kind.label, N, T, N, T, Kind.link, D, D)  # APP_COLUMNS + APP_DATE_COLUMNS
FINDING_KINDS = (T, T, T, T, T, T, T, T, T, N, N, D)  # columns.FINDING_COLUMNS


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


# the sheets' places in the workbook (they are written in another order, see `_sheets`)
RANKING, SDKS, APPS, FINDINGS, STACKS, INFRA, DEVICES = range(1, 8)


def _sheet(
    wb: Workbook,
    position: int,
    title: str,
    cols: tuple[tuple[str, str], ...],
    rows: Iterable[dict[str, Any]],
    link_column: str | None,
    link: Any,
) -> None:
    widths = [columns.WIDTHS.get(key, columns.DEFAULT_WIDTH) for key, _ in cols]
    sheet = wb.sheet(title, widths, position=position)
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
    with replacing(dest) as tmp:
        wb = Workbook(tmp)
        _sheets(wb, query, rundir, link)
        wb.close()


def _sheets(wb: Workbook, query: SummaryQuery, rundir: Path, link: Any) -> None:
    """The two long sheets first: they need nothing of the per-SDK grouping, which the
    workbook's child process gets from `harness summary` meanwhile (see
    `harness.batch.summary.write`); then the sheets made from it. The findings sheet comes
    before the apps sheet (a sheet's place is its `position`, not when it is written): each
    app's findings are counted as they stream by, where a read of the apps with their counts
    made the database aggregate every finding once more (about 0.3 s of PostgreSQL's CPU at
    100,000 apps, 0.1-0.2 s on SQLite)."""
    counts: dict[str, int] = {}
    # a second pass over the store keeps memory flat (sheets are written one after the other)
    pick = itemgetter(*(FINDING_FIELDS.index(k) for k, _ in columns.FINDING_COLUMNS[:-1]))
    at = FINDING_FIELDS.index("first_at")
    found = _counted(query.finding_rows(), FINDING_FIELDS.index("app"), counts)
    findings = ((*pick(r), _iso_serial(r[at])) for r in found)
    cols = columns.FINDING_COLUMNS
    _fast_sheet(wb, FINDINGS, "Findings 问题明细", cols, FINDING_KINDS, findings, link)
    # the state labels are ours: escaped once here, written as they are (Kind.label)
    state = {k: escape(clean_text(v)) for k, v in columns.STATE_LABELS.items()}
    apps = (
        (
            r[1],  # app
            r[2],  # package
            state.get(r[4]) or escape(clean_text(str(r[4]))),
            r[7],  # attempts
            r[5] or "",  # device
            counts.get(r[1], 0),  # findings (counted above)
            r[8],  # reason
            r[9],  # report_path
            None if r[10] is None else r[10] / 86400.0 + UNIX_EPOCH_SERIAL,
            None if r[11] is None else r[11] / 86400.0 + UNIX_EPOCH_SERIAL,
        )
        for r in query.latest_apps()
    )
    app_columns = columns.APP_COLUMNS + columns.APP_DATE_COLUMNS
    _fast_sheet(wb, APPS, "Apps 应用", app_columns, APP_KINDS, apps, link)

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
    _sheet(wb, RANKING, "Ranking SDK排行", columns.RANKING_COLUMNS, ranking, None, link)
    # the per-SDK rows go through the fast row path too (fixed column kinds, plain tuples)
    sdk_rows = (
        (
            row.sdk,
            row.vendor,
            row.package,
            row.rule,
            row.data,
            row.apps,
            ", ".join(row.hosts),
            ", ".join(app for app, _ in row.examples),
        )
        for row in query.sdk_rows(examples=None)
    )
    _fast_sheet(wb, SDKS, "SDKs 第三方SDK", columns.SDK_COLUMNS, SDK_KINDS, sdk_rows, link)
    stacks = example_stacks(query, rundir)
    _sheet(wb, STACKS, "Stacks 调用栈", columns.STACK_COLUMNS, stacks, None, link)
    infra = query.infra_failures()
    _sheet(wb, INFRA, "Infra 环境故障", columns.INFRA_COLUMNS, infra, "report_path", link)
    _sheet(wb, DEVICES, "Devices 设备", columns.DEVICE_COLUMNS, overview.devices, None, link)


def _counted(
    rows: Iterable[tuple[Any, ...]], at: int, counts: dict[str, int]
) -> Iterator[tuple[Any, ...]]:
    """`rows` as they are, each counted in `counts` by its column `at` (the app)."""
    get = counts.get
    for row in rows:
        key = row[at]
        counts[key] = get(key, 0) + 1
        yield row


def _fast_sheet(
    wb: Workbook,
    position: int,
    title: str,
    cols: tuple[tuple[str, str], ...],
    kinds: tuple[Kind, ...],
    rows: Iterable[tuple[Any, ...]],
    link: Any,
) -> None:
    assert len(cols) == len(kinds), title
    widths = [columns.WIDTHS.get(key, columns.DEFAULT_WIDTH) for key, _ in cols]
    sheet = wb.sheet(title, widths, position=position)
    sheet.heading(label for _, label in cols)
    sheet.write_rows(kinds, rows, link)
    wb.close_sheet()


@functools.lru_cache(maxsize=4096)
def _iso_serial(value: str) -> float | None:
    """An ISO time (a finding's first call) as an Excel serial date; None if it is none."""
    moment = _date(value)
    return None if moment is None else excel_serial(moment)

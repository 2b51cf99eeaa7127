"""summary.json: the whole summary, written as a stream (one list element at a time).

Every app and every finding is in it (100,000 apps: about 350,000 findings), so each element
costs one dict and one `orjson.dumps` (a well-kept C serialiser, about ten times the standard
library's speed here: the json module's encoder was most of this file's time). orjson writes
UTF-8 as it is (as `ensure_ascii=False` did) and floats in their shortest exact form.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from harness.atomic import replacing
from harness.batch.summary.query import APP_FIELDS, FINDING_FIELDS, SummaryQuery

SUMMARY_SCHEMA = 1
ITEMS_PER_WRITE = 512


def _write_list(fh: IO[bytes], items: Iterable[Any]) -> None:
    fh.write(b"[")
    block: list[bytes] = []
    sep = b""
    for item in items:
        block.append(orjson.dumps(item))
        if len(block) >= ITEMS_PER_WRITE:
            fh.write(sep + b",\n".join(block))
            sep = b",\n"
            block.clear()
    if block:
        fh.write(sep + b",\n".join(block))
    fh.write(b"]")


def _apps(query: SummaryQuery) -> Iterable[dict[str, Any]]:
    for app, found in query.app_rows():
        record = dict(zip(APP_FIELDS, app, strict=True))
        record["findings"] = [dict(zip(FINDING_FIELDS, f, strict=True)) for f in found]
        yield record


def write_json(query: SummaryQuery, dest: Path) -> None:
    overview = dataclasses.asdict(query.overview())
    sdks = (
        {
            "sdk": row.sdk,
            "vendor": row.vendor,
            "package": row.package,
            "rule": row.rule,
            "data": row.data,
            "apps": row.apps,
            "hosts": row.hosts,
            "reports": [{"app": app, "report": report} for app, report in row.examples],
        }
        for row in query.sdk_rows(examples=None)
    )
    with replacing(dest) as tmp, tmp.open("wb") as fh:
        fh.write(f'{{"schema_version": {SUMMARY_SCHEMA},\n"overview": '.encode())
        fh.write(orjson.dumps(overview))
        fh.write(b',\n"sdk_top": ')
        fh.write(orjson.dumps(query.sdk_top()))
        fh.write(b',\n"sdk_inventory": ')
        fh.write(orjson.dumps(query.sdk_inventory()))
        fh.write(b',\n"data_categories": ')
        fh.write(orjson.dumps(query.data_apps))
        fh.write(b',\n"sdks": ')
        _write_list(fh, sdks)
        fh.write(b',\n"apps": ')
        _write_list(fh, _apps(query))
        fh.write(b',\n"infra_failures": ')
        _write_list(fh, query.infra_failures())
        fh.write(b"}\n")

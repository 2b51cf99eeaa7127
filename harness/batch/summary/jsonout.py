"""summary.json: the whole summary, written as a stream (one list element at a time)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from harness.atomic import replacing
from harness.batch.summary.query import SummaryQuery

SUMMARY_SCHEMA = 1


def _write_list(fh: IO[str], items: Iterable[Any]) -> None:
    fh.write("[")
    for i, item in enumerate(items):
        if i:
            fh.write(",\n")
        fh.write(json.dumps(item, ensure_ascii=False))
    fh.write("]")


def write_json(query: SummaryQuery, dest: Path) -> None:
    overview = dataclasses.asdict(query.overview())
    sdks = (
        {
            **{k: v for k, v in dataclasses.asdict(row).items() if k != "examples"},
            "reports": [{"app": app, "report": report} for app, report in row.examples],
        }
        for row in query.sdk_rows(examples=None)
    )
    with replacing(dest) as tmp, tmp.open("w", encoding="utf-8") as fh:
        fh.write(f'{{"schema_version": {SUMMARY_SCHEMA},\n"overview": ')
        fh.write(json.dumps(overview, ensure_ascii=False))
        fh.write(',\n"sdk_top": ')
        fh.write(json.dumps(query.sdk_top(), ensure_ascii=False))
        fh.write(',\n"sdk_inventory": ')
        fh.write(json.dumps(query.sdk_inventory(), ensure_ascii=False))
        fh.write(',\n"sdks": ')
        _write_list(fh, sdks)
        fh.write(',\n"apps": ')
        _write_list(fh, query.apps())
        fh.write(',\n"infra_failures": ')
        _write_list(fh, query.infra_failures())
        fh.write("}\n")

"""The workbook's stacks sheet: for each SDK and rule, the stack of one example finding (its
first data category), read from that app's report.json (the store keeps findings without their
stacks).

Bounded: at most MAX_ROWS rows, each report read once while its rows are written (the rows come
ordered by SDK, so reports repeat; the last one is kept), a report larger than MAX_REPORT is
skipped, and a stack is cut at MAX_FRAMES frames.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.batch.summary.query import SummaryQuery

MAX_ROWS = 2000
MAX_FRAMES = 40
MAX_REPORT = 64 * 1024 * 1024


def example_stacks(query: SummaryQuery, rundir: Path) -> Iterator[dict[str, Any]]:
    cache: tuple[Path, list[dict[str, Any]]] | None = None
    last: tuple[str, str] | None = None
    n = 0
    for row in query.sdk_rows(examples=1):
        if (row.sdk, row.rule) == last:
            continue  # rows come ordered by SDK, rule, data: one stack per SDK and rule
        last = (row.sdk, row.rule)
        n += 1
        if n > MAX_ROWS:
            return
        out: dict[str, Any] = {"sdk": row.sdk, "rule": row.rule, "data": row.data}
        if not row.examples:
            yield out
            continue
        app, report_path = row.examples[0]
        out["app"] = app
        findings: list[dict[str, Any]] = []
        if report_path:
            path = (rundir / report_path).with_name("report.json")
            if cache is None or cache[0] != path:
                cache = (path, _findings(path))
            findings = cache[1]
        same = [
            f
            for f in findings
            if f.get("rule") == row.rule and (f.get("actor") or {}).get("name") == row.sdk
        ]
        # the row's own data category first, else the SDK's other finding under this rule
        match = next((f for f in same if f.get("data") == row.data), same[0] if same else None)
        if match is None:
            out["stack"] = "(no report.json with this finding)"
        else:
            frames = [str(fr) for fr in match.get("stack") or []]
            more = len(frames) - MAX_FRAMES
            out["data"] = match.get("data", row.data)
            out["api"] = match.get("api", "")
            out["process"] = match.get("process", "")
            out["stack"] = "\n".join(frames[:MAX_FRAMES]) + (f"\n… {more} more" if more > 0 else "")
        yield out


def _findings(path: Path) -> list[dict[str, Any]]:
    try:
        if path.stat().st_size > MAX_REPORT:
            return []
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return []
    found = data.get("findings") if isinstance(data, dict) else None
    return [f for f in found if isinstance(f, dict)] if isinstance(found, list) else []

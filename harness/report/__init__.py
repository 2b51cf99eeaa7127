"""The run report: its model (report.json), the HTML page and the JUnit file.

    from harness.report import write_reports
    files = write_reports(report, events, run_dir)   # report.json, report.html, junit.xml

or one at a time: `write_json(report, path)`, `write_html(report, events, path)`,
`write_junit(report, path)`. The writers are imported on first use, so that modules which only
need `harness.report.model` do not pull in jinja2, the rules and the attribution data.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "write_reports": "harness.report.write",
    "REPORT_FILES": "harness.report.write",
    "write_json": "harness.report.jsonout",
    "read_json": "harness.report.jsonout",
    "write_html": "harness.report.html",
    "render_html": "harness.report.html",
    "write_junit": "harness.report.junit",
    "build_junit": "harness.report.junit",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'harness.report' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

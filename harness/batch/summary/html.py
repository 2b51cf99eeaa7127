"""summary.html: one offline page, rendered as a stream (jinja2, autoescaped)."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from harness.atomic import replacing
from harness.batch.summary import columns
from harness.batch.summary.query import SummaryQuery
from harness.untrusted import clip

MAX_TEXT = 300  # app-controlled strings are shown clipped; the JSON keeps them in full
SDK_LINKS = 20


def _clip(value: object) -> str:
    text = "" if value is None else str(value)
    return clip(text, MAX_TEXT)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("harness.batch", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clip"] = _clip
    return env


def write_html(query: SummaryQuery, rundir: Path, dest: Path) -> None:
    def link(report_path: str) -> str:
        return Path(os.path.relpath(rundir / report_path, dest.parent)).as_posix()

    template = _environment().get_template("summary.html.j2")
    stream = template.generate(
        overview=query.overview(),
        top=query.sdk_top(),
        inventory=query.sdk_inventory(),
        sdk_rows=query.sdk_rows(SDK_LINKS),
        apps=query.apps(),
        infra=query.infra_failures(),
        labels=columns.STATE_LABELS,
        sdk_columns=columns.SDK_COLUMNS,
        app_columns=columns.APP_COLUMNS,
        infra_columns=columns.INFRA_COLUMNS,
        device_columns=columns.DEVICE_COLUMNS,
        link=link,
    )
    with replacing(dest) as tmp, tmp.open("w", encoding="utf-8") as fh:
        for chunk in stream:
            fh.write(chunk)

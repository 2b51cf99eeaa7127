"""summary.html: one offline page, rendered as a stream (jinja2, autoescaped)."""

from __future__ import annotations

import itertools
from pathlib import Path

import jinja2
from markupsafe import Markup

from harness.atomic import replacing
from harness.batch.summary import columns, htmlrows
from harness.batch.summary.campaign import campaign
from harness.batch.summary.chart import sdk_chart
from harness.batch.summary.filters import SCRIPT, SCRIPT_HASH
from harness.batch.summary.links import report_link
from harness.batch.summary.query import SummaryQuery
from harness.model import Rule
from harness.report.labels import labels as report_labels
from harness.untrusted import clip, visible_markup

MAX_TEXT = htmlrows.MAX_TEXT
SDK_LINKS = 20
# The page's long tables are bounded (a campaign of 100,000 apps made a 156 MB page that no
# browser opens well, and most of `harness summary`'s time): the apps with the most findings,
# the per-SDK rows in the most apps, the first infrastructure failures. Each table says when it
# is cut; summary.json and summary.xlsx always hold every row.
MAX_APP_ROWS = 1000
MAX_SDK_ROWS = 1000
MAX_INFRA_ROWS = 1000
WRITE_BLOCK = 4096  # template chunks per write


def _clip(value: object) -> str:
    text = "" if value is None else str(value)
    return clip(text, MAX_TEXT)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("harness.batch", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=visible_markup,  # terminal controls and bidi overrides shown, not active
    )
    env.filters["clip"] = _clip
    env.filters["examples"] = htmlrows.examples
    env.filters["app_row"] = htmlrows.app_row
    return env


def write_html(query: SummaryQuery, rundir: Path, dest: Path, app_rows: int = MAX_APP_ROWS) -> None:
    """summary.html; `app_rows` bounds its per-app table (MAX_APP_ROWS by default)."""
    link = report_link(rundir, dest)
    apps, app_total = query.top_apps(app_rows)
    sdk_rows, sdk_total = query.sdk_rows_top(MAX_SDK_ROWS, SDK_LINKS)
    template = _environment().get_template("summary.html.j2")
    info = campaign(query.store, query)
    top = query.sdk_top()
    lab = report_labels()
    stream = template.generate(
        overview=query.overview(),
        campaign=info,
        chart=sdk_chart(top, info.tested),
        rule_labels={r.value: lab.rule(r.value).zh for r in Rule},
        script=Markup(SCRIPT),  # a constant of ours, allowed by its hash (filters.py)
        script_hash=SCRIPT_HASH,
        top=top,
        inventory=query.sdk_inventory(),
        sdk_rows=sdk_rows,
        sdk_total=sdk_total,
        apps=apps,
        app_total=app_total,
        data_rows=query.data_apps,
        infra=itertools.islice(query.infra_failures(), MAX_INFRA_ROWS),
        infra_total=query.infra_count,
        max_infra=MAX_INFRA_ROWS,
        labels=columns.STATE_LABELS,
        sdk_columns=columns.SDK_COLUMNS,
        app_columns=columns.APP_COLUMNS,
        infra_columns=columns.INFRA_COLUMNS,
        device_columns=columns.DEVICE_COLUMNS,
        link=link,
    )
    with replacing(dest) as tmp, tmp.open("w", encoding="utf-8") as fh:
        # the template yields about five small chunks per table cell: written in blocks
        while block := list(itertools.islice(stream, WRITE_BLOCK)):
            fh.write("".join(block))

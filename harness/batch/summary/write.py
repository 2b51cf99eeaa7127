"""`write_summary(rundir)`: summary.html, summary.json and summary.xlsx from the batch store
(RUNDIR/harness.db, or the database RUNDIR/campaign.json names)."""

from __future__ import annotations

from pathlib import Path

from harness.batch.campaign import open_store, read_campaign
from harness.batch.summary.html import MAX_APP_ROWS, write_html
from harness.batch.summary.jsonout import write_json
from harness.batch.summary.query import SummaryQuery
from harness.batch.summary.xlsx import write_xlsx
from harness.errors import ConfigError

SUMMARY_FORMATS = ("html", "json", "xlsx")


def write_summary(
    rundir: Path,
    formats: tuple[str, ...] = SUMMARY_FORMATS,
    out_dir: Path | None = None,
    html_apps: int = MAX_APP_ROWS,
) -> dict[str, Path]:
    """Write the summary files (default: into the batch folder); returns format -> path.
    summary.html's per-app table holds the `html_apps` apps with the most findings."""
    unknown = [f for f in formats if f not in SUMMARY_FORMATS]
    if unknown:
        raise ConfigError(
            f"unknown summary format {unknown[0]!r} (known: {', '.join(SUMMARY_FORMATS)})"
        )
    store = open_store(rundir)
    # report links point into the artifact root (RUNDIR unless the campaign put them elsewhere)
    root = read_campaign(rundir).artifact_root(rundir)
    out_dir = out_dir or rundir
    out_dir.mkdir(parents=True, exist_ok=True)
    query = SummaryQuery(store)
    written: dict[str, Path] = {}
    try:
        for fmt in formats:
            dest = out_dir / f"summary.{fmt}"
            if fmt == "html":
                write_html(query, root, dest, html_apps)
            elif fmt == "json":
                write_json(query, dest)
            else:
                write_xlsx(query, root, dest)
            written[fmt] = dest
    finally:
        store.close()
    return written

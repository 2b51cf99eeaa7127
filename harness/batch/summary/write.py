"""`write_summary(rundir)`: summary.html, summary.json and summary.xlsx from the batch store
(RUNDIR/harness.db, or the database RUNDIR/campaign.json names).

The workbook is written by a child process (`harness.batch.summary.apart`) while this one
writes the JSON and the page: each side is about half of a campaign's summary (the workbook's
five million cells against the JSON's 170 MB and the page), so two cores bring the wall time
to about half. Each process reads the store on its own connection, so the shared aggregates are
computed twice (about a second of CPU at 100,000 apps; bench_summary.py counts both processes).
"""

from __future__ import annotations

import contextlib
import gc
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from harness.batch.campaign import open_store, read_campaign
from harness.batch.parentdeath import die_with_parent
from harness.batch.summary.html import MAX_APP_ROWS, write_html
from harness.batch.summary.jsonout import write_json
from harness.batch.summary.query import SummaryQuery
from harness.batch.summary.xlsx import write_xlsx
from harness.errors import ConfigError

SUMMARY_FORMATS = ("html", "json", "xlsx")
APART = "xlsx"  # the format written by the child process when there are others


def write_summary(
    rundir: Path,
    formats: tuple[str, ...] = SUMMARY_FORMATS,
    out_dir: Path | None = None,
    html_apps: int = MAX_APP_ROWS,
    processes: int = 2,
) -> dict[str, Path]:
    """Write the summary files (default: into the batch folder); returns format -> path.
    summary.html's per-app table holds the `html_apps` apps with the most findings. With
    `processes` 2 (the default) and more than one format, the workbook is written by a child
    process at the same time; with 1, everything is written here."""
    unknown = [f for f in formats if f not in SUMMARY_FORMATS]
    if unknown:
        raise ConfigError(
            f"unknown summary format {unknown[0]!r} (known: {', '.join(SUMMARY_FORMATS)})"
        )
    out_dir = out_dir or rundir
    out_dir.mkdir(parents=True, exist_ok=True)
    if processes < 2 or APART not in formats or len(formats) < 2:
        return write_formats(rundir, formats, out_dir, html_apps)
    open_store(rundir).close()  # a store that cannot be opened: one error, from here
    child = subprocess.Popen(
        [sys.executable, "-m", "harness.batch.summary.apart", str(rundir), str(out_dir), APART],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: die_with_parent(signal.SIGKILL),  # a killed summary takes it along
    )
    try:
        written = write_formats(rundir, tuple(f for f in formats if f != APART), out_dir, html_apps)
        _, err = child.communicate()
    finally:
        if child.poll() is None:  # this side failed (or was interrupted): no child outlives it
            child.kill()
            child.wait()
    if child.returncode != 0:
        line = (err or "").strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise ConfigError(f"summary.{APART}: {line[0]}")
    written[APART] = out_dir / f"summary.{APART}"
    return {f: written[f] for f in formats}


def write_formats(
    rundir: Path, formats: tuple[str, ...], out_dir: Path, html_apps: int = MAX_APP_ROWS
) -> dict[str, Path]:
    """The given summary files, written in this process, one after the other."""
    with paused_gc():
        return _write_formats(rundir, formats, out_dir, html_apps)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while the summary is written. The summary builds
    millions of long-lived tuples, lists and strings (no cycles among them); each time the
    young generations fill, the collector walks them again, and its full passes walk them all:
    the per-SDK grouping alone 2.2 s -> 1.7 s of CPU at 100,000 apps. Reference counting still
    frees everything that is not a cycle; the collector is switched back on afterwards (its
    next pass collects any cycle made meanwhile)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _write_formats(
    rundir: Path, formats: tuple[str, ...], out_dir: Path, html_apps: int
) -> dict[str, Path]:
    store = open_store(rundir)
    # report links point into the artifact root (RUNDIR unless the campaign put them elsewhere)
    root = read_campaign(rundir).artifact_root(rundir)
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

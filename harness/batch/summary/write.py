"""`write_summary(rundir)`: summary.html, summary.json and summary.xlsx from the batch store
(RUNDIR/harness.db, or the database RUNDIR/campaign.json names).

The workbook is written by a child process (`harness.batch.summary.apart`) while this one
writes the JSON and the page: each side is about half of a campaign's summary (the workbook's
five million cells against the JSON's 170 MB and the page), so two cores bring the wall time
to about half. Each process reads the long tables on its own connection; the grouped read (the
per-SDK rows and every count, about 2 s of CPU at 100,000 apps) is done here only and sent to
the child over its stdin (`harness.batch.summary.shared`), which meanwhile writes the two long
sheets that do not need it.
"""

from __future__ import annotations

import contextlib
import gc
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from harness.batch.campaign import open_store, read_campaign
from harness.batch.parentdeath import die_with_parent
from harness.batch.summary import shared
from harness.batch.summary.html import MAX_APP_ROWS, write_html
from harness.batch.summary.jsonout import write_json
from harness.batch.summary.query import Grouped, SummaryQuery
from harness.batch.summary.shared import GROUPED_ON_STDIN
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
    args = [str(rundir), str(out_dir), APART, GROUPED_ON_STDIN]
    child = subprocess.Popen(
        [sys.executable, "-m", "harness.batch.summary.apart", *args],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: die_with_parent(signal.SIGKILL),  # a killed summary takes it along
    )
    assert child.stdin is not None and child.stderr is not None
    sender = _Sender(child.stdin)
    try:
        rest = tuple(f for f in formats if f != APART)
        written = write_formats(rundir, rest, out_dir, html_apps, share=sender.send)
        sender.close()
        err = child.stderr.read().decode("utf-8", "replace")
        child.wait()
    finally:
        if child.poll() is None:  # this side failed (or was interrupted): no child outlives it
            child.kill()
            child.wait()
        sender.close()  # its write ends with the child's pipe
        child.stderr.close()
    if child.returncode != 0:
        line = err.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise ConfigError(f"summary.{APART}: {line[0]}")
    written[APART] = out_dir / f"summary.{APART}"
    return {f: written[f] for f in formats}


class _Sender:
    """Sends this process's grouped read to the child, from a thread (the child drains its
    stdin from the start, but a pipe holds 64 KiB and the payload is megabytes: this side goes
    on with the JSON meanwhile)."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe
        self._thread: threading.Thread | None = None

    def send(self, query: SummaryQuery) -> None:
        payload = shared.dump(query)  # the grouped read, done now (the JSON needs it first)
        self._thread = threading.Thread(target=self._write, args=(payload,), daemon=True)
        self._thread.start()

    def _write(self, payload: bytes) -> None:
        with contextlib.suppress(OSError):  # a broken pipe: the child failed, its status says why
            self._pipe.write(payload)
        self._close_pipe()

    def _close_pipe(self) -> None:
        with contextlib.suppress(OSError):
            self._pipe.close()  # the child's end of file: nothing more (b"" if nothing sent)

    def close(self) -> None:
        """Waits for the write to end (the child read it, or died); closes the pipe."""
        if self._thread is not None:
            self._thread.join()
        self._close_pipe()


def write_formats(
    rundir: Path,
    formats: tuple[str, ...],
    out_dir: Path,
    html_apps: int = MAX_APP_ROWS,
    grouped_payload: Callable[[], bytes] | None = None,
    share: Callable[[SummaryQuery], None] | None = None,
) -> dict[str, Path]:
    """The given summary files, written in this process, one after the other.
    `grouped_payload` gives the grouped read as `shared.dump` made it (the workbook's child;
    empty bytes: read the store); `share` is called with the query before anything is written
    (`harness summary` sends its grouped read to the child)."""
    with paused_gc():
        return _write_formats(rundir, formats, out_dir, html_apps, grouped_payload, share)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off while the summary is written. The summary builds
    millions of long-lived tuples, lists and strings (no cycles among them); each time the
    young generations fill, the collector walks them again, and its full passes walk them all:
    the per-SDK grouping alone 2.2 s -> 1.7 s of CPU at 100,000 apps. Reference counting still
    frees everything that is not a cycle; the collector is switched back on afterwards (its
    next pass collects any cycle made meanwhile). The switch is process-wide: a caller's other
    threads (a batch writing its summary at the end) run those seconds without it too."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _write_formats(
    rundir: Path,
    formats: tuple[str, ...],
    out_dir: Path,
    html_apps: int,
    grouped_payload: Callable[[], bytes] | None,
    share: Callable[[SummaryQuery], None] | None,
) -> dict[str, Path]:
    store = open_store(rundir)
    # report links point into the artifact root (RUNDIR unless the campaign put them elsewhere)
    root = read_campaign(rundir).artifact_root(rundir)
    query = SummaryQuery(store)
    if grouped_payload is not None:
        given = grouped_payload

        def grouped() -> Grouped:
            payload = given()
            return shared.load(payload) if payload else query.read_grouped()

        query = SummaryQuery(store, grouped)
    written: dict[str, Path] = {}
    try:
        if share is not None:
            share(query)
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

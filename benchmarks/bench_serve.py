"""Response times of every `harness serve` page and API route over a store of 100,000 synthetic
runs (target: every page under 300 ms).

The store is bulk-loaded into the batch schema with bench_summary's synthetic runs (jobs and
findings) plus what the dashboard shows beside them: each app's SDK presence rows, a device
pool on several hosts, and a campaign still under way (some apps running, some queued). Then
`harness serve` runs as a child process on a loopback port the system picks, and each route is
fetched over HTTP a few times: the first (cold) fetch of each is printed apart from the median
of the next ones (warm). Before the routes, the time until the server's whole-store answers are
first counted after its start is printed on its own (their pages answer "still counting" at once
meanwhile), and the machine's load averages beside the figures.

usage: python benchmarks/bench_serve.py [--apps 100000] [--repeat 5] [--keep DIR [--reuse]]
(--keep DIR keeps the store in DIR/batch; --reuse serves the store a --keep run left there)
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_summary import Rows, build_store, synthetic_rows  # noqa: E402 - the shared store

from harness.batch.store import STORE_NAME, Store  # noqa: E402

TARGET_MS = 300.0
HOSTS, SLOTS = 8, 4


def under_way(rows: Rows) -> Rows:
    """The last apps running (one per device) and queued: a campaign still going. Their
    findings and SDK presence rows are dropped (the store writes them with a result only)."""
    n = len(rows.jobs)
    queued = min(2000, n // 50)
    jobs = []
    for i, job in enumerate(rows.jobs):
        row = list(job)
        if i >= n - queued:
            row[4], row[7], row[8] = "queued", None, None  # state, started_at, ended_at
            row[5] = None
        elif i >= n - queued - HOSTS * SLOTS:
            row[4], row[8] = "running", None
        jobs.append(tuple(row))
    pending = {j[0] for j in jobs if j[4] in ("queued", "running")}
    return Rows(
        jobs,
        [f for f in rows.findings if f[0] not in pending],
        [p for p in rows.presence if p[0] not in pending],
    )


def device_pool(store: Store, apps: int) -> None:
    """The device pool: SLOTS devices on each of HOSTS hosts."""
    raw = store._engine.raw_connection()  # noqa: SLF001 - a bulk load of a synthetic store
    try:
        now = time.time()
        raw.cursor().executemany(
            "INSERT INTO devices (name, state, consecutive_failures, apps_done, reason, "
            "updated_at) VALUES (?, ?, 0, ?, '', ?)",
            [
                (f"h{h}/sim-{s}", "ok", apps // (HOSTS * SLOTS), now)
                for h in range(HOSTS)
                for s in range(SLOTS)
            ],
        )
        raw.commit()
    finally:
        raw.close()


def start(rundir: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", "serve", str(rundir), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "serving http://127.0.0.1:PORT/ (store ...)"
    if not line.startswith("serving "):
        proc.kill()
        raise SystemExit(f"harness serve did not start: {line!r}")
    return proc, line.split()[1].rstrip("/")


def fetch_ms(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        assert answer.status == 200, (url, answer.status)
    return (time.perf_counter() - t0) * 1000


def until_counted(url: str, deadline_s: float = 600) -> tuple[float, list[float]]:
    """Fetch `url` until it is no longer 503 (still counting after the start): the ms until
    then, and the time of each 503 answer (a request is never held for the counting)."""
    t0 = time.perf_counter()
    waits: list[float] = []
    while True:
        t1 = time.perf_counter()
        try:
            fetch_ms(url)
            return (time.perf_counter() - t0) * 1000, waits
        except urllib.error.HTTPError as exc:
            if exc.code != 503 or time.perf_counter() - t0 > deadline_s:
                raise
            waits.append((time.perf_counter() - t1) * 1000)
            time.sleep(0.05)


def load() -> str:
    """`uptime`'s load averages, printed beside the figures (they are load-dependent)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="serve the store a --keep run left in DIR"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rundir = (args.keep or Path(tmp)) / "batch"
        rundir.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        db = rundir / STORE_NAME
        if args.reuse and db.is_file():
            with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
                runs, findings = (
                    conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                    for t in ("jobs", "findings")
                )
                middle = conn.execute(
                    "SELECT app FROM jobs ORDER BY app LIMIT 1 OFFSET ?", (runs // 2,)
                ).fetchone()[0]
            print(f"store: {runs} runs, {findings} findings, reused")
        else:
            rows = under_way(synthetic_rows(args.apps))
            store = Store(db)
            build_store(store, rows)
            device_pool(store, len(rows.jobs))
            store.close()
            middle = rows.jobs[len(rows.jobs) // 2][1]
            print(
                f"store: {len(rows.jobs)} runs, {len(rows.findings)} findings, "
                f"{len(rows.presence)} SDK presence rows, built in "
                f"{time.perf_counter() - t0:.1f} s"
            )
        routes = {
            "overview page": "/",
            "overview API": "/api/overview",
            "SDKs page": "/sdks",
            "SDKs API": "/api/sdks",
            "SDK page (most common)": "/sdks/" + quote("SDK 0"),
            "SDK API (second most common)": "/api/sdks/" + quote("SDK 1"),
            "SDK page (rare)": "/sdks/" + quote("SDK 299"),
            "SDK page, next page (most common)": f"/sdks/{quote('SDK 0')}?after={quote(middle)}",
            "apps page, first": "/apps",
            "apps API, page from the middle": "/api/apps?after=" + quote(middle),
            "apps, search (one app)": "/apps?q=" + quote("APP004242"),
            "apps, search (100 apps)": "/apps?q=" + quote("app0777"),
            "apps, search (every app)": "/apps?q=" + quote(".x"),
            "apps, search (none)": "/apps?q=nothing-matches",
            "apps API, search (one app)": "/api/apps?q=" + quote("app004243"),
            "apps, filter rule": "/apps?rule=pre_consent",
            "apps, filter data": "/apps?data=location",
            "apps API, filter data": "/api/apps?data=contacts",
            "apps, filter rule + data": "/apps?rule=background&data=sms",
            "apps, filter SDK (rare)": "/apps?sdk=" + quote("SDK 299"),
            "apps, filter SDK (most common)": "/apps?sdk=" + quote("SDK 0"),
            "apps, filter SDK + rule + data": "/apps?sdk="
            + quote("SDK 3")
            + "&rule=pre_consent&data=location",
            "apps, filter outcome timeout": "/apps?state=timeout",
            "apps, filter outcome + search": "/apps?state=failed_app&q=" + quote("app00"),
            "apps, no match at all": "/apps?sdk=" + quote("no such SDK") + "&q=x",
            "app page": "/apps/" + quote(middle),
            "app API": "/api/apps/" + quote(middle),
            "infrastructure failures": "/infra",
            "downloads": "/downloads",
            "OpenAPI schema": "/api/openapi.json",
        }
        proc, base = start(rundir)
        worst = 0.0
        try:
            # The server computes its whole-store answers (overview, SDK inventory, every
            # SDK's categories, the search's name index) at start, in the background, and
            # refreshes them behind the requests afterwards. Until each first value exists, its
            # pages answer 503 "still counting" at once (the search walks instead): the time
            # until every one is counted is printed on its own, with the 503 answers' times.
            print(f"before the routes: {load()}")
            ready: dict[str, float] = {}
            early: list[float] = []
            for what, path in (
                ("overview", "/api/overview"),
                ("SDK inventory", "/api/sdks"),
                ("every SDK's categories", "/api/sdks/" + quote("SDK 0") + "?limit=1"),
            ):
                ready[what], waits = until_counted(base + path)
                early += waits
            print(
                "counted after start: "
                + ", ".join(f"{k} {v:.0f} ms" for k, v in ready.items())
                + (
                    f"; {len(early)} answers 'still counting' meanwhile, slowest "
                    f"{max(early):.0f} ms"
                    if early
                    else ""
                )
            )
            for name, path in routes.items():
                cold = fetch_ms(base + path)
                warm = [fetch_ms(base + path) for _ in range(args.repeat)]
                median = statistics.median(warm)
                worst = max(worst, median, cold)
                flag = "" if max(median, cold) < TARGET_MS else "  OVER TARGET"
                print(
                    f"{name:36s} cold {cold:7.1f} ms  warm median {median:7.1f} ms  "
                    f"max {max(warm):7.1f} ms{flag}"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        print(
            f"slowest page or API: {worst:.1f} ms (target < {TARGET_MS:g} ms, "
            f"ratio {worst / TARGET_MS:.2f}); after the routes: {load()}"
        )


if __name__ == "__main__":
    main()

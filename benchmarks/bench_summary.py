"""Time and peak memory of `harness summary` on a store of synthetic app runs (the campaign's
scale: 100,000), on SQLite and on PostgreSQL.

Targets: under 10 s and under 500 MB. The store is built directly with bulk loads (executemany on
SQLite, COPY on PostgreSQL) into the schema the batch writes (`harness.batch.schema`);
`harness summary` then runs in a child process so that its peak RSS is measured alone.

Printed per backend: the queries alone; the three files written by one process; then what
`harness summary` does, the workbook written by a child process while the summary's own writes
the JSON and the page; each as wall time, CPU time (both processes', plus the PostgreSQL
server's) and peak RSS (both processes' peaks added).

usage: python benchmarks/bench_summary.py [--apps 100000] [--backend sqlite,postgresql]
                                          [--formats json,html,xlsx] [--store URL] [--keep DIR]
Without --store, the PostgreSQL case starts a throw-away server (initdb into a temp folder, as
the tests do; needs the Debian postgresql package). With --keep DIR a SQLite store already built
there for the same --apps is reused (building 100,000 apps takes minutes on a loaded machine).
The machine's load (`uptime`) is printed beside the figures: on a loaded machine wall time is
mostly waiting for a core, and CPU time is inflated too.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from harness.batch.campaign import Campaign, write_campaign
from harness.batch.store import STORE_NAME, Store
from harness.model import Category, Rule

TARGET_S = 10.0
TARGET_MB = 500.0
JOB_COLUMNS = (
    "id",
    "app",
    "source",
    "attempt",
    "state",
    "device",
    "queued_at",
    "started_at",
    "ended_at",
    "reason",
    "infra_kind",
    "report_path",
)
FINDING_COLUMNS = (
    "job_id",
    "app",
    "rule",
    "data",
    "api",
    "actor_kind",
    "actor_name",
    "actor_package",
    "actor_vendor",
    "process",
    "count",
    "first_at",
    "first_offset_s",
    "host",
)
PRESENCE_COLUMNS = ("job_id", "app", "sdk", "vendor", "status", "embedded", "calls")
SENT_RULES = {r.value for r in Rule if r.value.startswith("sent_")}


@dataclass
class Rows:
    jobs: list[tuple[Any, ...]]
    findings: list[tuple[Any, ...]]
    presence: list[tuple[Any, ...]]


def synthetic_rows(apps: int, seed: int = 6) -> Rows:
    """A campaign's store: most apps done, some app failures and timeouts, some infrastructure
    failures (a few retried to a result on a second attempt), findings by SDKs of skewed
    popularity (sent_* ones with hosts) and each result attempt's static SDK presence."""
    rng = random.Random(seed)
    sdks = [(f"SDK {i}", f"com.vendor{i}.sdk", f"Vendor {i % 40}") for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(sdks))]  # a few SDKs are in many apps
    rules = list(Rule)
    categories = list(Category)
    now = 1.7e9
    out = Rows([], [], [])
    job_id = 0
    for n in range(apps):
        app = f"com.app{n:06d}.x"
        r = rng.random()
        state = (
            "done"
            if r < 0.93
            else "failed_app"
            if r < 0.96
            else "timeout"
            if r < 0.98
            else "failed_infra"
        )
        device = f"h{n % 8}/sim-{n % 4}"
        attempt = 1
        if state != "failed_infra" and rng.random() < 0.01:  # lost a device, then a result
            job_id += 1
            out.jobs.append(
                (
                    job_id,
                    app,
                    app,
                    1,
                    "failed_infra",
                    device,
                    now,
                    now,
                    now + 5,
                    "device went away",
                    "device",
                    f"apps/{app}/1/report.html",
                )
            )
            attempt = 2
        job_id += 1
        reason = "app did not start" if state == "failed_app" else ""
        infra = "device" if state == "failed_infra" else ""
        report = f"apps/{app}/{attempt}/report.html"
        out.jobs.append(
            (
                job_id,
                app,
                app,
                attempt,
                state,
                device,
                now,
                now + n,
                now + n + 30,
                reason,
                infra,
                report,
            )
        )
        if state == "failed_infra":
            continue
        for sdk, _package, vendor in rng.sample(sdks, rng.choice((0, 1, 2, 3))):
            status = "collected" if rng.random() < 0.6 else "silent"
            out.presence.append((job_id, app, sdk, vendor, status, 1, rng.randint(0, 9)))
        for _ in range(rng.choice((0, 1, 2, 4, 6, 8))):
            sdk, package, vendor = rng.choices(sdks, weights)[0]
            rule = rng.choice(rules).value
            host = f"t{rng.randint(0, 60)}.{package}" if rule in SENT_RULES else ""
            out.findings.append(
                (
                    job_id,
                    app,
                    rule,
                    rng.choice(categories).value,
                    "android.telephony.TelephonyManager.getDeviceId",
                    "sdk" if rng.random() < 0.9 else "app",
                    sdk,
                    package,
                    vendor,
                    app,
                    rng.randint(1, 50),
                    "2024-01-01T00:00:00.000+00:00",
                    round(rng.random() * 20, 3),
                    host,
                )
            )
    return out


def build_store(store: Store, rows: Rows) -> None:
    """Bulk-load through the driver: executemany on SQLite, COPY on PostgreSQL."""
    tables = (
        ("jobs", JOB_COLUMNS, rows.jobs),
        ("findings", FINDING_COLUMNS, rows.findings),
        ("sdk_presence", PRESENCE_COLUMNS, rows.presence),
    )
    raw = store._engine.raw_connection()  # noqa: SLF001 - a bulk load of a synthetic store
    try:
        cur = raw.cursor()
        if store.is_sqlite:
            for table, cols, data in tables:
                marks = ", ".join("?" for _ in cols)
                cur.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", data)
            cur.execute("ANALYZE")
        else:
            for table, cols, data in tables:
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in data:
                        copy.write_row(row)
            cur.execute("SELECT setval('jobs_id_seq', (SELECT MAX(id) FROM jobs))")
        raw.commit()
        if not store.is_sqlite:
            # the store as autovacuum leaves a campaign's: visibility map set (index-only scans
            # without heap look-ups), statistics taken. Without it autovacuum's first pass over
            # the fresh tables can run during the measurements, counted as the server's CPU.
            driver = raw.driver_connection
            driver.autocommit = True  # VACUUM runs outside a transaction
            driver.execute("VACUUM ANALYZE")
    finally:
        raw.close()


@contextlib.contextmanager
def postgres(url: str | None) -> Iterator[tuple[str, int | None]]:
    """The database's URL and the process id whose tree is the server (None: a server of the
    caller's, --store; then every PostgreSQL process of the machine is counted)."""
    if url:
        yield url, None
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "distributed"))
    from services import postgres_server  # the tests' throw-away server

    with postgres_server() as server:
        yield server.new_database(), server.proc.pid


@dataclass
class Figures:
    wall_s: float
    cpu_s: float  # the summary process's user + system time, plus its workbook child's
    db_cpu_s: float  # PostgreSQL's server processes (0 on SQLite: its work is in cpu_s)
    peak_mb: float  # the summary process's peak RSS plus its child's
    child_cpu_s: float = 0.0  # of cpu_s, the workbook's child process


def _server_cpu(root: int | None = None) -> float:
    """CPU seconds used so far by the PostgreSQL server (its share of the summary's work): the
    process tree under `root` (the throw-away server this benchmark started), or with None
    every PostgreSQL process of the machine (a server of the caller's; on a shared machine it
    then counts other sessions' servers too, and one that stops takes its time away).

    A connection's backend exits when the summary closes it, before the second reading: its
    time is then in the postmaster's children's times (the postmaster reaps its backends),
    which is why they are added; a backend has no children of its own, so nothing counts
    twice."""
    procs: list[psutil.Process] = []
    if root is None:
        procs = [p for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]
    else:
        with contextlib.suppress(psutil.Error):
            top = psutil.Process(root)
            procs = [top, *top.children(recursive=True)]
    total = 0.0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def _no_server() -> float:
    return 0.0  # SQLite: its work is in the summary's own CPU time


def measure(
    rundir: Path, formats: str, processes: int = 2, server_cpu: Callable[[], float] = _no_server
) -> Figures:
    """`server_cpu`: the database server's CPU seconds so far (`_server_cpu` on PostgreSQL)."""
    server0 = server_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(rundir), formats, str(processes)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - t0
    rss, cpu, child_rss, child_cpu = (float(v) for v in proc.stdout.split())
    # the workbook's child process runs beside the summary's: their peaks are summed (an upper
    # bound of the two processes' memory at any moment), their CPU times added
    db_cpu = max(0.0, server_cpu() - server0)
    return Figures(seconds, cpu + child_cpu, db_cpu, rss + child_rss, child_cpu)


# the child reports its own peak RSS (RUSAGE_CHILDREN would keep the largest of all children)
# and CPU time; "queries": only the store's aggregations and streams, consumed without writing
# anything (how much of the time is the database's and how much the writers'), with the cyclic
# GC paused as `write_summary` pauses it
_CHILD = """
import resource, sys
from collections import deque
from pathlib import Path
from harness.batch.campaign import open_store
from harness.batch.summary import write_summary
from harness.batch.summary.campaign import campaign
from harness.batch.summary.query import SummaryQuery
from harness.batch.summary.write import paused_gc
if sys.argv[2] == "queries":
    store = open_store(Path(sys.argv[1]))
    q = SummaryQuery(store)
    with paused_gc():  # as the writers read them
        q.overview(), q.sdk_top(), q.sdk_inventory(), campaign(store, q)
        for rows in (q.sdk_rows(None), q.apps(), q.findings(), q.infra_failures()):
            deque(rows, maxlen=0)
else:
    write_summary(Path(sys.argv[1]), tuple(sys.argv[2].split(",")), processes=int(sys.argv[3]))
use = resource.getrusage(resource.RUSAGE_SELF)
kid = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workbook's process (none: zeros)
print(use.ru_maxrss / 1024, use.ru_utime + use.ru_stime, kid.ru_maxrss / 1024,
      kid.ru_utime + kid.ru_stime)
"""


def _line(backend: str, what: str, f: Figures) -> str:
    db = f", PostgreSQL server CPU {f.db_cpu_s:.2f} s" if f.db_cpu_s else ""
    # on two idle cores the wall time is about the larger of the two processes' CPU times
    split = (
        f" ({f.cpu_s - f.child_cpu_s:.2f} s JSON + page, {f.child_cpu_s:.2f} s workbook)"
        if f.child_cpu_s
        else ""
    )
    return (
        f"[{backend}] {what}: {f.wall_s:.2f} s wall, {f.cpu_s:.2f} s CPU{split}{db}, "
        f"peak {f.peak_mb:.0f} MB"
    )


def run_backend(
    backend: str, apps: int, store_url: str | None, keep: Path | None, formats: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        rundir = (keep or Path(tmp)) / f"batch-{backend}"
        rundir.mkdir(parents=True, exist_ok=True)
        server_cpu = _no_server
        if backend == "sqlite":
            spec = str(rundir / STORE_NAME)
        else:
            spec, root = stack.enter_context(postgres(store_url))
            server_cpu = functools.partial(_server_cpu, root)
            write_campaign(rundir, Campaign(store=spec))
        t0 = time.perf_counter()
        built = rundir / f"built-{apps}"
        if backend == "sqlite" and built.is_file() and (rundir / STORE_NAME).is_file():
            print(f"[{backend}] store: reused ({built.read_text().strip()})")
        else:
            (rundir / STORE_NAME).unlink(missing_ok=True)
            rows = synthetic_rows(apps)
            store = Store(spec)
            build_store(store, rows)
            store.close()
            what = (
                f"{len(rows.jobs)} runs, {len(rows.findings)} findings, "
                f"{len(rows.presence)} static SDK rows"
            )
            built.write_text(what + "\n")
            print(f"[{backend}] store: {what}, built in {time.perf_counter() - t0:.1f} s")
        print(
            _line(
                backend,
                "the store's queries alone (nothing written)",
                measure(rundir, "queries", server_cpu=server_cpu),
            )
        )
        # the same files from one process (the aggregates shared), for comparison
        one = measure(rundir, ",".join(formats), processes=1, server_cpu=server_cpu)
        print(_line(backend, f"one process ({'+'.join(formats)})", one))
        # what `harness summary` does: the workbook in a child process beside the others
        whole = measure(rundir, ",".join(formats), server_cpu=server_cpu)
        print(_line(backend, f"harness summary ({'+'.join(formats)}, two processes)", whole))
        # on a loaded machine wall time is mostly waiting for a core: CPU time is the figure
        # that says what the summary costs; both are held against the target
        print(
            f"[{backend}] target < {TARGET_S:g} s: wall ratio {whole.wall_s / TARGET_S:.2f}, "
            f"CPU ratio {(whole.cpu_s + whole.db_cpu_s) / TARGET_S:.2f}; "
            f"< {TARGET_MB:g} MB: ratio {whole.peak_mb / TARGET_MB:.2f}; "
            f"uptime: {_uptime()} on {os.cpu_count()} cores"
        )
        sizes = {p.name: p.stat().st_size // 1024 for p in sorted(rundir.glob("summary.*"))}
        print(f"[{backend}] files (KiB): " + ", ".join(f"{k} {v}" for k, v in sizes.items()))


def _uptime() -> str:
    """`uptime`'s load averages (1, 5, 15 minutes)."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=100_000)
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--store", default=None, help="an empty PostgreSQL database to use")
    parser.add_argument("--keep", type=Path, default=None)
    parser.add_argument("--formats", default="json,html,xlsx")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    for backend in args.backend.split(","):
        run_backend(backend.strip(), args.apps, args.store, args.keep, formats)


if __name__ == "__main__":
    main()

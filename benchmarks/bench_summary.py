"""Time and peak memory of `harness summary` on a store of 10,000 synthetic app runs.

Targets: under 10 s and under 500 MB. The store is built directly with SQL (fast), in the same
schema the batch writes; `harness summary` then runs in a child process so that its peak RSS is
measured alone.

usage: python benchmarks/bench_summary.py [--apps 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.batch.store import Store
from harness.model import Category, Rule

TARGET_S = 10.0
TARGET_MB = 500.0


def build_store(rundir: Path, apps: int, seed: int = 6) -> tuple[int, int]:
    rng = random.Random(seed)
    sdks = [(f"SDK {i}", f"com.vendor{i}.sdk") for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(sdks))]  # a few SDKs are in many apps
    rules = list(Rule)
    categories = list(Category)
    store = Store.in_folder(rundir)
    now = time.time()
    jobs, findings = [], []
    for n in range(apps):
        app = f"com.app{n:05d}.x"
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
        report = f"apps/{app}/1/report.html"
        jobs.append((n + 1, app, app, 1, state, f"sim-{n % 4}", now, now, now + 30, report))
        if state == "failed_infra":
            continue
        for _ in range(rng.choice((0, 1, 2, 4, 6, 8))):
            sdk, package = rng.choices(sdks, weights)[0]
            findings.append(
                (
                    n + 1,
                    app,
                    rng.choice(rules).value,
                    rng.choice(categories).value,
                    "android.telephony.TelephonyManager.getDeviceId",
                    "sdk",
                    sdk,
                    package,
                    app,
                    rng.randint(1, 50),
                    "2024-01-01T00:00:00.000+00:00",
                    rng.random() * 20,
                )
            )
    with store._write() as db:  # noqa: SLF001 - bulk load of a synthetic store
        db.executemany(
            "INSERT INTO jobs (id, app, source, attempt, state, device, queued_at, started_at,"
            " ended_at, report_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            jobs,
        )
        db.executemany(
            "INSERT INTO findings (job_id, app, rule, data, api, actor_kind, actor_name,"
            " actor_package, process, count, first_at, first_offset_s)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            findings,
        )
    store.close()
    return len(jobs), len(findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rundir = args.keep or Path(tmp) / "batch"
        t0 = time.perf_counter()
        jobs, findings = build_store(rundir, args.apps)
        print(f"store: {jobs} runs, {findings} findings, built in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "harness", "summary", str(rundir)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - t0
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        sizes = {p.name: p.stat().st_size // 1024 for p in sorted(rundir.glob("summary.*"))}
        print(
            f"harness summary: {seconds:.2f} s (target < {TARGET_S:g} s, "
            f"ratio {seconds / TARGET_S:.2f})"
        )
        print(
            f"peak memory: {peak_mb:.0f} MB (target < {TARGET_MB:g} MB, "
            f"ratio {peak_mb / TARGET_MB:.2f})"
        )
        print("files (KiB): " + ", ".join(f"{k} {v}" for k, v in sizes.items()))


if __name__ == "__main__":
    main()

"""Batch throughput on the simulated device: apps/hour with K slots, per-app overhead.

For K = 1, 2, 4 sim slots, runs the same set of example apps (copied under distinct folder names
so each is its own target) and prints apps/hour, the mean wall time per app, and the overhead
beyond the configured observation windows (target: under 5 s per app; throughput should scale
with slots until the CPU saturates).

usage: python benchmarks/bench_batch.py [--apps 6] [--slots 1,2,4] [--window 1] [--background 0.5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from harness.batch.api import PoolSpec, create_batch, execute
from harness.batch.settings import BatchSettings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "apps"
TARGET_OVERHEAD_S = 5.0


def _apps(dest: Path, count: int) -> Path:
    sources = sorted(p for p in EXAMPLES.iterdir() if (p / "AndroidManifest.xml").is_file())
    if not sources:
        raise SystemExit(f"no simulated example apps in {EXAMPLES}")
    for i in range(count):
        src = sources[i % len(sources)]
        shutil.copytree(src, dest / f"{src.name}-{i}")
    return dest


def _observed(settings: BatchSettings) -> float:
    """Seconds each run spends observing by configuration (dialog wait + after + background)."""
    return 2 * settings.window + settings.background_window


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=6)
    parser.add_argument("--slots", default="1,2,4")
    parser.add_argument("--window", type=float, default=1.0)
    parser.add_argument("--background", type=float, default=0.5)
    args = parser.parse_args()
    settings = BatchSettings(
        window=args.window, background_window=args.background, time_limit=120, evidence=False
    )
    print(
        f"{args.apps} apps, window {args.window:g} s, background {args.background:g} s, "
        f"{os.cpu_count()} CPUs; observation per app by configuration {_observed(settings):g} s"
    )
    print(
        f"{'slots':>5} {'wall s':>8} {'apps/h':>8} {'s/app':>7} {'overhead s':>10} "
        f"{'vs 1 slot':>9}  states"
    )
    base: float | None = None
    with tempfile.TemporaryDirectory() as tmp:
        apps = _apps(Path(tmp) / "apps", args.apps)
        for k in (int(s) for s in args.slots.split(",")):
            rundir = Path(tmp) / f"run-{k}"
            pool = PoolSpec(sim_slots=k)
            store = create_batch(rundir, [str(apps)], settings, pool)
            t0 = time.perf_counter()
            execute(store, rundir, settings, pool.slots(rundir))
            wall = time.perf_counter() - t0
            per_app = store.mean_run_seconds() or 0.0
            states = store.app_states()
            store.close()
            rate = args.apps / wall * 3600
            base = base or rate
            overhead = per_app - _observed(settings)
            flag = "ok" if overhead < TARGET_OVERHEAD_S else "OVER TARGET"
            print(
                f"{k:>5} {wall:>8.1f} {rate:>8.0f} {per_app:>7.2f} {overhead:>7.2f} {flag:<3}"
                f" {rate / base:>8.2f}x  {states}"
            )


if __name__ == "__main__":
    main()

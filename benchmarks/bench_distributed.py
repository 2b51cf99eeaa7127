"""Campaign throughput with 1, 2 and 3 `harness worker` hosts (1 simulated device each) on one
Redis, and the queue's added latency per job, against the embedded single-host runner.

Every worker is a real `harness worker` process with its own simulated-device home (as separate
hosts would be), started and ready before the clock starts; the campaign is `harness batch
--broker` over the same apps each time (the example apps plus copies, short windows). Printed:
apps/hour per worker count, the scaling ratio, and the added latency per job: the mean idle gap
on a device between one app's end and the next one's start, broker vs embedded (target: under
0.5 s). On this machine all "hosts" share its CPU cores, so throughput stops scaling where the
simulated devices' JVMs saturate them. To say where, each row also gives the CPU time of each
process group (every worker host with its simulated device and app JVMs, the coordinator,
redis-server), sampled with psutil, and how busy the machine's cores were over the campaign
(all processes, ours or not): a row whose cores were ~100 % busy is CPU-bound, and more workers
cannot add throughput on this machine; separate hosts would each bring their own cores.

usage: python benchmarks/bench_distributed.py [--apps 12] [--workers 1,2,3] [--window 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "distributed"))

from lab import Lab, harness, make_apps  # noqa: E402 - the tests' lab: real worker processes
from services import redis_server  # noqa: E402

from harness.batch.store import Store  # noqa: E402

TARGET_LATENCY_S = 0.5
SAMPLE_S = 0.5


class CpuSampler(threading.Thread):
    """CPU seconds per group of processes, a group being the processes whose command line holds
    its marker (a host's folder, the coordinator's run folder, redis-server). Processes are
    sampled every SAMPLE_S, so one that lives less than that is missed (an app's JVM lives for
    the whole run, seconds at least); a process's last sample is its total."""

    def __init__(self, groups: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.groups = groups
        self.seen: dict[tuple[int, float], tuple[str, float]] = {}
        self.stopping = threading.Event()
        self.busy0 = psutil.cpu_times()

    def run(self) -> None:
        while not self.stopping.wait(SAMPLE_S):
            self.sample()

    def sample(self) -> None:
        for proc in psutil.process_iter(["pid", "cmdline", "create_time"]):
            try:
                cmd = " ".join(proc.info["cmdline"] or [])
                label = next((g for g, marker in self.groups.items() if marker in cmd), None)
                if label is not None:
                    t = proc.cpu_times()
                    key = (proc.info["pid"], proc.info["create_time"])
                    self.seen[key] = (label, t.user + t.system)
            except psutil.Error:
                continue

    def stop(self) -> tuple[dict[str, float], float]:
        """CPU seconds per group, and the share of all cores' time that was busy (0-1)."""
        self.sample()
        self.stopping.set()
        self.join(10)
        totals = dict.fromkeys(self.groups, 0.0)
        for label, cpu in self.seen.values():
            totals[label] += cpu
        now = psutil.cpu_times()
        total = sum(now) - sum(self.busy0)
        idle = (now.idle + getattr(now, "iowait", 0.0)) - (
            self.busy0.idle + getattr(self.busy0, "iowait", 0.0)
        )
        return totals, (1.0 - idle / total) if total > 0 else 0.0


def _apps(dest: Path, count: int) -> Path:
    base = make_apps(dest / "base", synthetic=3)
    folder = dest / "apps"
    folder.mkdir()
    sources = sorted(p for p in base.iterdir() if p.is_dir())
    for i in range(count):
        src = sources[i % len(sources)]
        target = folder / f"{src.name}-{i}"
        shutil.copytree(src, target)
        manifest = target / "AndroidManifest.xml"
        text = manifest.read_text(encoding="utf-8")
        # a package of its own: each copy is its own app in the campaign
        start = text.index('package="') + len('package="')
        package = text[start : text.index('"', start)]
        manifest.write_text(text.replace(f'package="{package}"', f'package="{package}.c{i}"', 1))
    return folder


def _gaps(store_spec: str) -> list[float]:
    """Per device: seconds between one job's end and the next job's start."""
    store = Store(store_spec)
    try:
        rows = store.query(
            "SELECT device, started_at, ended_at FROM jobs WHERE started_at IS NOT NULL "
            "ORDER BY device, started_at"
        )
    finally:
        store.close()
    gaps = []
    for prev, row in zip(rows, rows[1:], strict=False):
        if prev["device"] == row["device"]:
            gaps.append(row["started_at"] - prev["ended_at"])
    return gaps


def _fast(window: float) -> list[str]:
    return [
        "--window",
        str(window),
        "--background-window",
        str(window / 2),
        "--dialog-timeout",
        "30",
        "--time-limit",
        "120",
        "--log",
    ]


def embedded(apps: Path, tmp: Path, window: float) -> tuple[float, list[float]]:
    rundir = tmp / "embedded"
    t0 = time.perf_counter()
    proc = harness("batch", str(apps), "--out", str(rundir), "--sim-slots", "1", *_fast(window))
    assert proc.wait(3600) == 0, "the embedded batch failed"
    return time.perf_counter() - t0, _gaps(str(rundir / "harness.db"))


@dataclass
class Row:
    seconds: float
    gaps: list[float]
    cpu: dict[str, float]
    busy: float


def distributed(apps: Path, tmp: Path, workers: int, window: float) -> Row:
    folder = tmp / f"workers-{workers}"
    folder.mkdir()
    with redis_server() as redis:
        lab = Lab(folder, redis.url)
        try:
            names = [f"h{i}" for i in range(1, workers + 1)]
            for name in names:
                lab.start_worker(name)
            lab.wait_ready(*names, timeout=600)
            rundir = folder / "run"
            groups = {name: str(lab.home(name)) for name in names}
            groups["coordinator"] = str(rundir)
            groups["redis-server"] = f"redis-server 127.0.0.1:{redis.port}"
            sampler = CpuSampler(groups)
            sampler.start()
            t0 = time.perf_counter()
            proc = lab.batch(str(apps), "--broker", redis.url, "--out", str(rundir), *_fast(window))
            assert proc.wait(3600) == 0, lab.log()[-2000:]
            seconds = time.perf_counter() - t0
            cpu, busy = sampler.stop()
            return Row(seconds, _gaps(str(rundir / "harness.db")), cpu, busy)
        finally:
            lab.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=12)
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--window", type=float, default=1.0)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"{os.cpu_count()} CPU cores; {args.apps} apps; window {args.window:g} s")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        apps = _apps(tmp, args.apps)
        seconds, base_gaps = embedded(apps, tmp, args.window)
        base_rate = args.apps / seconds * 3600
        print(
            f"embedded, 1 sim slot: {seconds:.1f} s, {base_rate:.0f} apps/hour, "
            f"idle gap per job {statistics.mean(base_gaps):.3f} s, "
            f"loadavg {os.getloadavg()[0]:.1f}"
        )
        first = None
        for n in counts:
            row = distributed(apps, tmp, n, args.window)
            rate = args.apps / row.seconds * 3600
            first = first or rate
            gap = statistics.mean(row.gaps) if row.gaps else float("nan")
            added = gap - statistics.mean(base_gaps) if row.gaps else float("nan")
            print(
                f"--broker, {n} worker(s): {row.seconds:.1f} s, {rate:.0f} apps/hour "
                f"(x{rate / first:.2f} of 1 worker), idle gap per job {gap:.3f} s, added latency "
                f"per job {added:.3f} s (target < {TARGET_LATENCY_S:g} s, ratio "
                f"{added / TARGET_LATENCY_S:.2f}), loadavg {os.getloadavg()[0]:.1f}"
            )
            ours = sum(row.cpu.values())
            shares = ", ".join(
                f"{label} {cpu:.1f} s ({100 * cpu / row.seconds:.0f} % of a core)"
                for label, cpu in row.cpu.items()
            )
            print(
                f"    CPU: {shares}; ours {ours / row.seconds:.2f} of {os.cpu_count()} cores, "
                f"all cores {100 * row.busy:.0f} % busy (every process on the machine)"
                + ("  <- CPU-bound" if row.busy > 0.9 else "")
            )


if __name__ == "__main__":
    main()

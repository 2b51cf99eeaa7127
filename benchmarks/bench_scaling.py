"""Batch scaling across sim slots, with the CPU each kind of process used (psutil).

For K = 1, 2, 4 slots, runs the same example apps as `harness batch` does (the embedded
runner) and samples, every 0.2 s, the CPU time of every process of this benchmark's tree: the
controller (this Python process: the protocol, Frida's controller side, rules and reports),
the simulated apps' JVMs, and Frida's helper processes. It prints apps/hour, the speed-up over
1 slot, and each kind's share of the CPU seconds with the machine's CPU capacity over the wall
time, so that "what limits the scaling" can be read off: when the sum of CPU seconds reaches the
cores' capacity (wall x cores), the machine's CPU is the limit, not the controller. `ceiling` is
the rate at which our CPU seconds per app would fill the cores (cores x 3600 / CPU s per app):
on a machine of our own, the measured apps/h approaches it as slots are added.

    .venv/bin/python benchmarks/bench_scaling.py [--apps 8] [--slots 1,2,4] [--window 1]

`figures()` returns a dict for benchmarks/run_all.py.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.batch.api import PoolSpec, create_batch, execute  # noqa: E402
from harness.batch.settings import BatchSettings  # noqa: E402

EXAMPLES = ROOT / "examples" / "apps"


def _kind(proc: psutil.Process) -> str:
    try:
        name = proc.name()
        cmd = " ".join(proc.cmdline()[:3])
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return "other"
    if proc.pid == os.getpid():
        return "controller"
    if name == "java" or "java" in cmd:
        return "app JVMs"
    if "frida" in name or "frida" in cmd:
        return "frida helpers"
    return "other"


class CpuSampler:
    """CPU seconds per process kind of this process's tree (the apps' JVMs run in their own
    sessions but stay our descendants), sampled until stopped; dead processes keep their last
    reading."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.last: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        for proc in [me, *me.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            kind = self.last[proc.pid][0] if proc.pid in self.last else _kind(proc)
            # the controller's own threads only: children's times are counted as their own
            self.last[proc.pid] = (kind, times.user + times.system)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> CpuSampler:
        self._sample()
        self.base = {pid: cpu for pid, (_, cpu) in self.last.items()}
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def by_kind(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, (kind, cpu) in self.last.items():
            out[kind] = out.get(kind, 0.0) + cpu - self.base.get(pid, 0.0)
        return out


def _apps(dest: Path, count: int) -> Path:
    sources = sorted(
        p
        for p in EXAMPLES.iterdir()
        if (p / "AndroidManifest.xml").is_file() and p.name != "selftest-probe"
    )
    for i in range(count):
        src = sources[i % len(sources)]
        shutil.copytree(src, dest / f"{src.name}-{i}")
    return dest


def measure(apps: int = 8, slots: tuple[int, ...] = (1, 2, 4), window: float = 1.0) -> dict:
    settings = BatchSettings(
        window=window, background_window=window / 2, time_limit=120, evidence=False
    )
    cores = os.cpu_count() or 1
    figures: dict[str, float] = {"cores": float(cores)}
    base_rate: float | None = None
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        folder = _apps(Path(tmp) / "apps", apps)
        for k in slots:
            rundir = Path(tmp) / f"run-{k}"
            pool = PoolSpec(sim_slots=k)
            store = create_batch(rundir, [str(folder)], settings, pool)
            load_before = os.getloadavg()[0]
            with CpuSampler() as cpu:
                t0 = time.perf_counter()
                execute(store, rundir, settings, pool.slots(rundir))
                wall = time.perf_counter() - t0
            store.close()
            rate = apps / wall * 3600
            base_rate = base_rate or rate
            kinds = cpu.by_kind()
            used = sum(kinds.values())
            figures[f"slots{k}_apps_per_h"] = rate
            figures[f"slots{k}_speedup"] = rate / base_rate
            figures[f"slots{k}_cpu_of_capacity"] = used / (wall * cores)
            # If our processes had the cores to themselves, the rate at which their CPU use per
            # app fills them: the machine's CPU as the limit, to hold the measured rate against.
            figures[f"slots{k}_cpu_ceiling_apps_per_h"] = cores * 3600 / (used / apps)
            figures[f"slots{k}_load_avg_before"] = load_before
            for kind, seconds in kinds.items():
                figures[f"slots{k}_cpu_{kind.replace(' ', '_')}_s"] = seconds
            figures[f"slots{k}_wall_s"] = wall
    return figures


def figures(quick: bool = False) -> dict[str, float]:
    """The figures for benchmarks/run_all.py (quick: 4 apps at 1 and 2 slots)."""
    if quick:
        return measure(apps=4, slots=(1, 2), window=0.5)
    return measure(apps=8, slots=(1, 2, 4), window=1.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=8)
    parser.add_argument("--slots", default="1,2,4")
    parser.add_argument("--window", type=float, default=1.0)
    args = parser.parse_args()
    slots = tuple(int(s) for s in args.slots.split(","))
    got = measure(args.apps, slots, args.window)
    cores = int(got["cores"])
    print(
        f"{args.apps} apps, window {args.window:g} s, {cores} cores; CPU/capacity: CPU seconds "
        "of this benchmark's processes over wall x cores (the machine is shared: what others "
        "used is not ours)"
    )
    print(
        f"{'slots':>5} {'wall s':>7} {'apps/h':>7} {'speed-up':>8} {'CPU/capacity':>12} "
        f"{'ceiling':>8} {'load':>5}  CPU seconds by process kind"
    )
    for k in slots:
        kinds = {
            key.split("_cpu_", 1)[1][:-2].replace("_", " "): v
            for key, v in got.items()
            if key.startswith(f"slots{k}_cpu_") and key.endswith("_s")
        }
        shares = ", ".join(
            f"{n} {v:.1f} ({v / args.apps:.2f}/app)"
            for n, v in sorted(kinds.items(), key=lambda x: -x[1])
        )
        print(
            f"{k:>5} {got[f'slots{k}_wall_s']:>7.1f} {got[f'slots{k}_apps_per_h']:>7.0f} "
            f"{got[f'slots{k}_speedup']:>7.2f}x {got[f'slots{k}_cpu_of_capacity']:>11.0%} "
            f"{got[f'slots{k}_cpu_ceiling_apps_per_h']:>8.0f} "
            f"{got[f'slots{k}_load_avg_before']:>5.1f}  {shares}"
        )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

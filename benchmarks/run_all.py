"""Runs every benchmark and writes every figure to one JSON file, with the machine's load at the
time; with --compare, sets each figure beside the same figure of a previous file (ratios, and
regressions beyond --threshold marked).

    .venv/bin/python benchmarks/run_all.py [--quick] [--out figures.json] [--compare old.json]
                                           [--only bench_agent,bench_hook_cost] [--threshold 0.2]

Each benchmark runs in its own process (a benchmark sets environment variables, starts JVMs,
measures its own peak memory). A script that defines `figures(quick: bool) -> dict[str, float]`
gives named figures; one that only prints is run with its own options and recorded by wall
time, exit status and its printed lines. `--quick` runs the benchmarks that have small sizes
(QUICK below) at those sizes: CI runs it after the tests to keep the benchmarks working; its
figures are not targets (the machine is whatever CI has).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIGURES_MARK = "FIGURES "


@dataclass(frozen=True)
class Bench:
    """How run_all runs one benchmark script."""

    args: tuple[str, ...] = ()  # options of a print-only script (full run)
    quick: bool = False  # part of --quick (figures(quick=True), or `quick_args`)
    quick_args: tuple[str, ...] = ()
    timeout_s: float = 3600.0
    notes: str = ""


# Every benchmarks/*.py but this one; a script missing here is run with no options (and a test
# keeps the table complete: tests/benchmarks/test_run_all.py).
BENCHMARKS: dict[str, Bench] = {
    "bench_agent": Bench(quick=True),
    "bench_hook_cost": Bench(quick=True),
    "bench_analysis": Bench(quick=True, quick_args=("--events", "2000", "--stacks", "20")),
    "bench_apk_inspect": Bench(),
    "bench_batch": Bench(),
    "bench_distributed": Bench(notes="needs redis-server and PostgreSQL"),
    "bench_eventlog": Bench(
        quick=True,
        quick_args=("--batches", "20", "--rounds", "2"),
        notes="in process: the controller's CPU per call into events.jsonl",
    ),
    "bench_flood_memory": Bench(quick=True, notes="a real harness run of 1,000,000 calls"),
    "bench_netmatch": Bench(),
    "bench_netsend": Bench(),
    "bench_report_pdf": Bench(),
    "bench_run_phases": Bench(),
    "bench_scaling": Bench(),
    "bench_serve": Bench(
        quick=True,
        quick_args=("--apps", "2000", "--repeat", "2"),
        notes="builds a 100,000-run store first",
    ),
    "bench_sim_startup": Bench(),
    "bench_summary": Bench(args=("--backend", "sqlite")),
    "consent_detect": Bench(),
    "consent_ocr": Bench(),
    "suite_under_load": Bench(quick=False, notes="runs the test suite; only when named in --only"),
}
ON_REQUEST = {"suite_under_load"}  # too long for a default run of everything
# Figures where more is better (rates); every other figure is a time, a size or a ratio of costs.
HIGHER_IS_BETTER = ("_per_s", "_mb_s", "throughput", "apps_per_h")


def machine() -> dict[str, object]:
    return {
        "cpus": os.cpu_count(),
        "loadavg": list(os.getloadavg()),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def has_figures(path: Path) -> bool:
    return "\ndef figures(" in path.read_text(encoding="utf-8")


def child_figures(name: str, quick: bool) -> None:
    """In the child process: import the benchmark, print its figures as one JSON line."""
    path = HERE / f"{name}.py"
    sys.path.insert(0, str(HERE))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    figures = module.figures(quick=quick)
    print(FIGURES_MARK + json.dumps({k: float(v) for k, v in figures.items()}), flush=True)


@dataclass
class Result:
    ok: bool
    wall_s: float
    figures: dict[str, float] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)
    load_before: list[float] = field(default_factory=list)
    load_after: list[float] = field(default_factory=list)
    error: str = ""


def run_one(name: str, bench: Bench, quick: bool) -> Result:
    path = HERE / f"{name}.py"
    if has_figures(path):
        cmd = [sys.executable, str(Path(__file__)), "--figures-of", name]
        cmd += ["--quick"] if quick else []
    else:
        cmd = [sys.executable, str(path), *(bench.quick_args if quick else bench.args)]
    load_before = list(os.getloadavg())
    t0 = time.perf_counter()
    # Its own process group, output to files: whatever it started (JVMs, targets) is ended
    # with it, and a leftover grandchild cannot keep run_all waiting on a pipe.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            cmd, stdout=out, stderr=err, text=True, cwd=HERE.parent, start_new_session=True
        )
        try:
            child.wait(timeout=bench.timeout_s)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _end_group(child.pid)
            child.wait()
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(cmd, child.returncode, out.read(), err.read())
    if wall >= bench.timeout_s:
        return Result(False, wall, load_before=load_before, error="timed out")
    lines = done.stdout.splitlines()
    figures: dict[str, float] = {}
    for line in lines:
        if line.startswith(FIGURES_MARK):
            figures = json.loads(line[len(FIGURES_MARK) :])
    output = [line for line in lines if not line.startswith(FIGURES_MARK)]
    error = "" if done.returncode == 0 else done.stderr[-2000:]
    return Result(
        done.returncode == 0,
        wall,
        figures,
        output[-200:],
        load_before,
        list(os.getloadavg()),
        error,
    )


def _end_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def higher_is_better(figure: str) -> bool:
    return any(mark in figure for mark in HIGHER_IS_BETTER)


def compare(new: dict[str, object], old: dict[str, object], threshold: float) -> list[str]:
    """Lines setting each figure beside the previous file's; regressions marked."""
    lines = []
    new_b = new.get("benchmarks", {})
    old_b = old.get("benchmarks", {})
    assert isinstance(new_b, dict) and isinstance(old_b, dict)
    for name in sorted(set(new_b) & set(old_b)):
        a, b = old_b[name].get("figures", {}), new_b[name].get("figures", {})
        for figure in sorted(set(a) & set(b)):
            before, after = float(a[figure]), float(b[figure])
            if before == 0 or not math.isfinite(before) or not math.isfinite(after):
                lines.append(f"  {name}.{figure}: {before:g} -> {after:g}")
                continue
            ratio = after / before
            worse = ratio < 1 - threshold if higher_is_better(figure) else ratio > 1 + threshold
            mark = "  REGRESSION" if worse else ""
            lines.append(f"  {name}.{figure}: {before:g} -> {after:g} ({ratio:.2f}x){mark}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (CI)")
    parser.add_argument("--out", type=Path, default=Path("benchmark-figures.json"))
    parser.add_argument("--compare", type=Path, default=None, help="a previous --out file")
    parser.add_argument("--threshold", type=float, default=0.2, help="regression margin")
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument("--figures-of", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.figures_of:
        child_figures(args.figures_of, args.quick)
        return 0
    scripts = sorted(p.stem for p in HERE.glob("*.py") if p.stem != "run_all")
    unknown = [n for n in args.only.split(",") if n and n not in scripts]
    if unknown:
        print(f"run_all: --only: no benchmark {', '.join(unknown)}", file=sys.stderr)
        return 2
    previous = None
    if args.compare is not None:
        try:
            previous = json.loads(args.compare.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"run_all: --compare {args.compare}: {e}", file=sys.stderr)
            return 2
    chosen = [n for n in args.only.split(",") if n] or [
        n
        for n in scripts
        if n not in ON_REQUEST and (not args.quick or BENCHMARKS.get(n, Bench()).quick)
    ]
    report: dict[str, object] = {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
        "benchmarks": {},
    }
    results: dict[str, object] = {}
    failed = []
    for name in chosen:
        print(f"run_all: {name} ...", flush=True)
        result = run_one(name, BENCHMARKS.get(name, Bench()), args.quick)
        results[name] = vars(result)
        shown = ", ".join(f"{k}={v:.4g}" for k, v in result.figures.items())
        print(f"  {'ok' if result.ok else 'FAILED'} in {result.wall_s:.1f} s {shown}", flush=True)
        if not result.ok:
            failed.append(name)
            print("  " + result.error.strip().replace("\n", "\n  "), flush=True)
    report["benchmarks"] = results
    report["machine_after"] = machine()
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"run_all: {len(chosen)} benchmark(s), figures in {args.out}")
    if previous is not None:
        print(f"compared with {args.compare} (regression: beyond {args.threshold:.0%}):")
        for line in compare(report, previous, args.threshold):
            print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

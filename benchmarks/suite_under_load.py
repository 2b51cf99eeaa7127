"""Run the whole test suite several times in a row while every core is kept busy.

The suite must pass on a loaded machine (CI shares its 2 cores); this script is the proof. It
starts one CPU-burning process per core (plain Python busy loops, so nothing to install), runs
`pytest -q` N times, and prints each run's counts and wall time, then stops the burners.

    python benchmarks/suite_under_load.py --runs 5 [--burners 2] [-- extra pytest args]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SUMMARY = re.compile(r"^=*\s*(?P<body>(\d+ \w+(, )?)+) in (?P<secs>[\d.]+)s", re.MULTILINE)


def _burn() -> None:  # pragma: no cover - runs in a child process until terminated
    while True:
        pass


def _counts(output: str) -> dict[str, int]:
    matches = list(_SUMMARY.finditer(output))
    if not matches:
        return {}
    return {k: int(n) for n, k in re.findall(r"(\d+) (\w+)", matches[-1].group("body"))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--burners", type=int, default=os.cpu_count() or 2)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()

    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(args.burners)]
    for b in burners:
        b.start()
    failed_runs = 0
    try:
        for i in range(1, args.runs + 1):
            start = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args.pytest_args],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            took = time.monotonic() - start
            counts = _counts(proc.stdout)
            if proc.returncode != 0:
                failed_runs += 1
                log = ROOT / f"suite-under-load-run{i}.log"
                log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
            load1 = os.getloadavg()[0]
            print(
                f"run {i}/{args.runs}: exit {proc.returncode}, "
                + ", ".join(f"{n} {k}" for k, n in counts.items())
                + f", {took:.0f} s, load {load1:.1f} ({args.burners} burners)",
                flush=True,
            )
    finally:
        for b in burners:
            b.terminate()
        for b in burners:
            b.join(5)
    print(f"{args.runs - failed_runs} of {args.runs} runs green under load")
    return 1 if failed_runs else 0


if __name__ == "__main__":
    sys.exit(main())

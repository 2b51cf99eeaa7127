"""The added cost of a hooked request on the simulated device (issue #11).

Run: .venv/bin/python benchmarks/bench_netsend.py [--rounds 2]

The benchmark app (benchmarks/apps/netbench-app) times each request from the call to the last
byte of the answer, inside the app, for HttpURLConnection and OkHttp 3 with a 1 KiB and a 1 MiB
body, over plain HTTP to the device's sink (TLS would add the same cost with and without the
agent). It is run without and with the agent; the added cost is the difference of the medians
and of the 99th percentiles. Target: under 2 ms per request at 1 KiB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.device.sim import SimDevice  # noqa: E402
from tests.netdev.driver import run_app  # noqa: E402

APP = ROOT / "benchmarks" / "apps" / "netbench-app"
PKG = "com.example.netbench"
TARGET_MS = 2.0


def _times(log: list[str]) -> dict[tuple[str, int], list[float]]:
    out: dict[tuple[str, int], list[float]] = defaultdict(list)
    for line in log:
        if line.startswith("TIME|"):
            _, client, size, ns = line.split("|")
            out[(client, int(size))].append(int(ns) / 1e6)
    return out


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each mode, alternated")
    args = parser.parse_args()
    plain: dict[tuple[str, int], list[float]] = defaultdict(list)
    hooked: dict[tuple[str, int], list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as home:
        device = SimDevice(home=Path(home))
        try:
            for _ in range(args.rounds):
                for agent, into in ((False, plain), (True, hooked)):
                    run = run_app(device, APP, PKG, agent=agent, done="DONE|bench")
                    errors = run.lines("ERROR|")
                    if errors:
                        print(errors[0])
                        return 1
                    for key, values in _times(run.log).items():
                        into[key].extend(values)
                    if agent:
                        sends = len(run.sends)
                        print(f"  agent run: {sends} sends reported, {len(run.payloads)} payloads")
        finally:
            device.close()
    print(f"{'client':8} {'body':>8} {'n':>5} {'median ms':>22} {'p99 ms':>22}")
    print(f"{'':8} {'':>8} {'':>5} {'plain / agent / added':>22} {'plain / agent / added':>22}")
    worst_small = 0.0
    for key in sorted(plain):
        a, b = plain[key], hooked[key]
        med = (statistics.median(a), statistics.median(b))
        p99 = (_p99(a), _p99(b))
        added = med[1] - med[0]
        if key[1] <= 1024:
            worst_small = max(worst_small, added)
        print(
            f"{key[0]:8} {key[1]:>8} {len(b):>5} "
            f"{med[0]:6.2f} / {med[1]:6.2f} / {added:+6.2f}  "
            f"{p99[0]:6.2f} / {p99[1]:6.2f} / {p99[1] - p99[0]:+6.2f}"
        )
    verdict = "met" if worst_small < TARGET_MS else "NOT met"
    print(f"added median cost at 1 KiB: {worst_small:.2f} ms (target < {TARGET_MS} ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

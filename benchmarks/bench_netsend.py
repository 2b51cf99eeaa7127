"""The added cost of a hooked request on the simulated device (issue #11).

Run: .venv/bin/python benchmarks/bench_netsend.py [--rounds 3] [--baseline REV]

The benchmark app (benchmarks/apps/netbench-app) times each request from the call to the last
byte of the answer, inside the app, for HttpURLConnection and OkHttp 3 with a 1 KiB and a 1 MiB
body, over plain HTTP to the device's sink (TLS would add the same cost with and without the
agent). It runs three ways, taken in turn each round so that a drifting load hits all alike:
without hooks ("plain"), with a pass-through hook on exactly the network methods the agent
hooks (hooks/bench/passthrough_net.ts: the cost of hooking at all) and with the agent. The added
cost is the difference of the medians (and of the 99th percentiles) against "plain"; "own" is
the agent's above the pass-through hook, and "x pass" the ratio of the two added medians, which
a loaded machine moves less than the figures themselves. Target: under 2 ms per request at
1 KiB. The load average is printed before and after. --baseline REV adds the agent as built from
git revision REV's hooks/ as a fourth set-up, interleaved (old and new under the same load).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.agent.build import compile_script  # noqa: E402
from harness.agent.session import agent_bundle  # noqa: E402
from harness.device.sim import SimDevice  # noqa: E402
from harness.paths import cache_dir  # noqa: E402
from tests.netdev.driver import run_app  # noqa: E402

APP = ROOT / "benchmarks" / "apps" / "netbench-app"
HOOKS = ROOT / "hooks"
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


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


SETUPS = ("plain", "pass-through", "agent")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each setup, in turn")
    parser.add_argument(
        "--baseline", help="also run the agent of this git revision, interleaved (old vs new)"
    )
    args = parser.parse_args()
    passing = compile_script(HOOKS / "bench" / "passthrough_net.ts", HOOKS, cache_dir() / "agent")
    sources = {"plain": None, "pass-through": passing.read_text(), "agent": agent_bundle()}
    setups = list(SETUPS)
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as old:
        if args.baseline is not None:
            from bench_hook_cost import baseline_agent  # this folder is on sys.path

            setups.append(f"agent@{args.baseline}")
            sources[setups[-1]] = baseline_agent(args.baseline, Path(old))
        return _measure(args.rounds, sources, setups, Path(home))


def _measure(rounds: int, sources: dict[str, str | None], setups: list[str], home: Path) -> int:
    times: dict[str, dict[tuple[str, int], list[float]]] = {s: defaultdict(list) for s in setups}
    print(f"before: {_load()}")
    device = SimDevice(home=home)
    try:
        for _ in range(rounds):
            for setup in setups:
                source = sources[setup]
                run = run_app(
                    device, APP, PKG, agent=source is not None, source=source, done="DONE|bench"
                )
                errors = run.lines("ERROR|")
                if errors:
                    print(errors[0])
                    return 1
                for key, values in _times(run.log).items():
                    times[setup][key].extend(values)
                if setup.startswith("agent"):
                    print(f"  {setup} run: {len(run.sends)} sends, {len(run.payloads)} payloads")
    finally:
        device.close()
    print(f"after: {_load()}")
    plain, passing_t, hooked = times["plain"], times["pass-through"], times["agent"]
    print(f"{'client':8} {'body':>8} {'n':>5}  {'median ms':^36}  {'p99 ms':^22}")
    print(
        f"{'':8} {'':>8} {'':>5}  {'plain / pass / agent':>22} {'added':>6} {'own':>6}"
        f"  {'plain / agent / added':>22} {'x pass':>7}"
    )
    worst_small = 0.0
    for key in sorted(plain):
        a, p, b = plain[key], passing_t[key], hooked[key]
        med = (statistics.median(a), statistics.median(p), statistics.median(b))
        p99 = (_p99(a), _p99(b))
        added, passed = med[2] - med[0], med[1] - med[0]
        if key[1] <= 1024:
            worst_small = max(worst_small, added)
        ratio = f"{added / passed:7.1f}" if passed > 0 else "      -"
        print(
            f"{key[0]:8} {key[1]:>8} {len(b):>5}  "
            f"{med[0]:6.2f} / {med[1]:6.2f} / {med[2]:6.2f} {added:+6.2f} {med[2] - med[1]:+6.2f}  "
            f"{p99[0]:6.2f} / {p99[1]:6.2f} / {p99[1] - p99[0]:+6.2f} {ratio}"
        )
    for setup in setups[3:]:
        old = times[setup]
        print(
            f"{setup} in the same session, added median: "
            + ", ".join(
                f"{k[0]} {k[1]} {statistics.median(old[k]) - statistics.median(plain[k]):+.2f} ms"
                for k in sorted(plain)
                if old[k]
            )
        )
    verdict = "met" if worst_small < TARGET_MS else "NOT met"
    print(f"added median cost at 1 KiB: {worst_small:.2f} ms (target < {TARGET_MS} ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Per-API hook cost on the simulated device: every catalogued API the catalogue test app calls
(tests/agent/apps/catalog-app), timed inside the app with no hook, with a bare pass-through
frida-java-bridge hook on exactly the methods the agent hooks (hooks/bench/passthrough_all.ts),
and with the agent. Prints the worst ten by the ratio of added costs, against issue #19's target
(each API's added cost within 2x the pass-through hook's).

    .venv/bin/python benchmarks/bench_hook_cost.py [--calls 300] [--runs 1] [--baseline REV]
        [--clock wall|cpu] [--parts]

The app times each call made on its main thread from onCreate: CATALOG_APP_BENCH calls per
round, 5 rounds, the fastest round kept (the least disturbed by other load); with --runs N the
set-ups are run N times, interleaved, and the median per API taken. --baseline REV adds a fourth
set-up, the agent as built from git revision REV's hooks/ (old and new in one session, for a
before/after pair under the same load). --clock cpu times the app's thread CPU time instead of
wall time: the hooks run on the calling thread, so their work is counted, and the time the thread
waits for a CPU on a loaded machine is not (on a shared machine wall time is mostly that).
--parts runs the agent once with per-part CPU timers (hooks/bench/parts.ts: the hook, the
recording, the stack key, the thread name, the queueing...; thread CPU time, each part
inclusive) and prints where the worst APIs' own cost goes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = ROOT / "tests" / "agent" / "apps" / "catalog-app"
PKG = "com.example.catalogapp"
HOOKS = ROOT / "hooks"
TARGET_RATIO = 2.0
FINISH_TIMEOUT_S = 600.0  # generous: the app makes every call 5 x --calls times
SETUPS = ("unhooked", "pass-through", "agent")
JVM_CRASH = "A fatal error has been detected by the Java Runtime Environment"


class CountingSink:
    """Keeps nothing: the benchmark measures the app's side."""

    def __init__(self) -> None:
        self.events = 0

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        pass

    def event(self, event: object) -> None:
        self.events += 1

    def hook_report(self, report: object) -> None:
        pass


def _bench_lines(text: str) -> dict[str, float]:
    """`BENCH|process|where|id#n|ns per call` lines -> {id#n: µs per call} (main process)."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("|")
        if len(parts) == 5 and parts[0] == "BENCH" and parts[1] == PKG:
            out[parts[3]] = int(parts[4]) / 1000
    return out


def _finished(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.startswith("FINISHED|"))


def run_once(device: object, source: str | None) -> tuple[dict[str, float], int]:
    """One run of the app with `source` loaded into its processes (None: no script)."""
    from harness.agent.drive import drive
    from harness.agent.session import AgentOptions, Instrumentation
    from harness.device.sim import SimDevice

    assert isinstance(device, SimDevice)
    sink = CountingSink()
    inst = (
        Instrumentation(device.frida_device(), sink, AgentOptions(app_package=PKG), source=source)
        if source is not None
        else None
    )

    log = device.log_file(PKG)

    def text() -> str:
        return log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""

    def over(now: str) -> bool:
        # Done when both processes finished, or at once when a JVM of the app crashed (its log
        # names the report; without this the run waited the whole FINISH_TIMEOUT_S).
        return _finished(now) >= 2 or JVM_CRASH in now

    finished = drive(device, PKG, inst, lambda: over(text()), FINISH_TIMEOUT_S)
    if JVM_CRASH in text():
        raise SystemExit(f"a JVM of the app crashed; {_keep_crash_reports(log.parent)}")
    if not finished:
        raise SystemExit(f"the app did not finish in {FINISH_TIMEOUT_S} s:\n{text()[-2000:]}")
    return _bench_lines(log.read_text(encoding="utf-8")), sink.events


def _keep_crash_reports(logs: Path) -> str:
    """Copies the JVMs' hs_err reports out of the device's temporary home (gone at exit)."""
    # a core file too where the shell allowed one (ulimit -c unlimited; core_pattern "core")
    reports = sorted([*logs.glob("hs_err_pid*.log"), *logs.glob("core*")])
    if not reports:
        return "no hs_err report was written"
    kept = Path(tempfile.mkdtemp(prefix="bench-hook-cost-crash-"))
    for report in reports:
        shutil.copy2(report, kept / report.name)
    return f"its report is kept in {kept}"


def baseline_agent(rev: str, work: Path) -> str:
    """The agent built from `rev`'s hooks/ (extracted into `work`, this checkout's node_modules)."""
    from harness.agent.bundle import build_agent

    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "hooks"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    (work / "hooks" / "node_modules").symlink_to(HOOKS / "node_modules")
    return build_agent(work / "hooks", work / "cache").read_text()


def measure(
    calls: int, runs: int, baseline: str | None = None, clock: str = "wall"
) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    """{setup: {api#n: µs per call}} (median over runs) and events delivered per setup."""
    from harness.agent.build import compile_script
    from harness.agent.session import agent_bundle
    from harness.device.sim import SimDevice
    from harness.paths import cache_dir

    sources: dict[str, str | None] = {
        "unhooked": None,
        "pass-through": compile_script(
            HOOKS / "bench" / "passthrough_all.ts", HOOKS, cache_dir() / "agent"
        ).read_text(),
        "agent": agent_bundle(),
    }
    setups = list(SETUPS)
    if baseline is not None:
        with tempfile.TemporaryDirectory(prefix="bench-hook-cost-base-") as old:
            sources[f"agent@{baseline}"] = baseline_agent(baseline, Path(old))
        setups.append(f"agent@{baseline}")
    os.environ["CATALOG_APP_BENCH"] = str(calls)  # inherited by the app's JVMs
    os.environ["CATALOG_APP_BENCH_CLOCK"] = clock
    samples: dict[str, list[dict[str, float]]] = {s: [] for s in setups}
    events = dict.fromkeys(setups, 0)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-hook-cost-") as home:
            device = SimDevice(Path(home))
            try:
                app = device.install(APP)
                for permission in app.requested_permissions:
                    device.grant(app.package, permission)
                for _ in range(runs):
                    for setup in setups:  # interleaved: drifting load hits all three alike
                        figures, delivered = run_once(device, sources[setup])
                        samples[setup].append(figures)
                        events[setup] += delivered
            finally:
                for package in device.installed_packages():
                    device.force_stop(package)
                device.close()
    finally:
        os.environ.pop("CATALOG_APP_BENCH", None)
        os.environ.pop("CATALOG_APP_BENCH_CLOCK", None)
    medians: dict[str, dict[str, float]] = {}
    for setup, runs_of in samples.items():
        keys = set.intersection(*(set(r) for r in runs_of)) if runs_of else set()
        medians[setup] = {k: statistics.median(r[k] for r in runs_of) for k in keys}
    return medians, events


def ratios(
    medians: dict[str, dict[str, float]], setup: str = "agent"
) -> list[tuple[str, float, float, float]]:
    """(api#n, agent added µs, pass-through added µs, ratio), worst first."""
    base, passing, agent = medians["unhooked"], medians["pass-through"], medians[setup]
    rows = []
    for key in sorted(set(base) & set(passing) & set(agent)):
        added = agent[key] - base[key]
        bare = max(passing[key] - base[key], 0.1)  # never divide by noise around zero
        rows.append((key, added, bare, added / bare))
    rows.sort(key=lambda r: r[3], reverse=True)
    return rows


def _old_and_new(new: dict[str, float], old: dict[str, float], rev: str) -> str:
    """The two agents against each other, per API, with no pass-through in the quotient: the
    median of new/old µs per call, and the time the app spent in all the timed calls."""
    keys = sorted(set(new) & set(old))
    if not keys:
        return f"  agent vs agent@{rev}: no API in common"
    per_api = statistics.median(new[k] / old[k] for k in keys if old[k] > 0)
    faster = sum(1 for k in keys if new[k] < old[k])
    return (
        f"  agent vs agent@{rev}, µs per call: median new/old {per_api:.2f}, new faster for "
        f"{faster} of {len(keys)}; sum over all APIs {sum(new[k] for k in keys):,.0f} vs "
        f"{sum(old[k] for k in keys):,.0f} µs"
    )


def _parts_blocks(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """The busiest process's last block of `PARTS|entry|part|calls|ns` lines (Frida prints an
    agent's console output on this process's stdout; each process's agent prints its own)."""
    last: dict[str, dict[tuple[str, str], tuple[int, int]]] = {}
    pid = ""
    block: dict[tuple[str, str], tuple[int, int]] = {}
    for line in text.splitlines():
        if line.startswith("PARTS-BEGIN"):
            pid, block = line.split()[1], {}
        elif line.startswith("PARTS-END"):
            last[pid] = block
        else:
            cells = line.split("|")
            if len(cells) == 5 and cells[0] == "PARTS":
                block[(cells[1], cells[2])] = (int(cells[3]), int(cells[4]))
    if not last:
        return {}
    return max(last.values(), key=lambda b: sum(n for (_, p), (n, _) in b.items() if p == "hook"))


PARTS = (
    "hook",
    "javaCall",
    "nativeCall",
    "captureStack",
    "stack",
    "stackId",
    "threadName",
    "describeObject",
    "objectText",
    "memberPath",
    "collectionItems",
    "pushCall",
    "probes",
)


def parts(calls: int, clock: str, top: int) -> None:
    """One app run under the agent with per-part timers: µs per call of each part, per API."""
    from harness.agent.build import compile_script
    from harness.device.sim import SimDevice
    from harness.paths import cache_dir

    bench = HOOKS / "bench"
    source = compile_script(
        bench / "parts.ts", HOOKS, cache_dir() / "agent", extra_inputs=[bench / "partclock.ts"]
    ).read_text()
    printed = io.StringIO()
    os.environ["CATALOG_APP_BENCH"] = str(calls)
    os.environ["CATALOG_APP_BENCH_CLOCK"] = clock
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-hook-parts-") as home:
        device = SimDevice(Path(home))
        try:
            app = device.install(APP)
            for permission in app.requested_permissions:
                device.grant(app.package, permission)
            with contextlib.redirect_stdout(printed):
                run_once(device, source)
        finally:
            for package in device.installed_packages():
                device.force_stop(package)
            device.close()
    per: dict[str, dict[str, float]] = {}
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    for (entry, part), (n, ns) in _parts_blocks(printed.getvalue()).items():
        # the probe hooks that ran inside this API's hook (its implementation's file reads)
        key = (entry, "probes" if part.startswith("probe ") else part)
        was = sums.get(key, (0, 0))
        sums[key] = (was[0] + n, was[1] + ns)
    api_calls = {e: n for (e, part), (n, _) in sums.items() if part in ("hook", "nativeCall")}
    for (entry, part), (n, ns) in sums.items():
        # µs per call of the API (a part may run several times per call, or not at all)
        per.setdefault(entry, {})[part] = ns / 1000 / max(api_calls.get(entry, n), 1)
        per[entry][f"{part}#n"] = n
    total = {e: p.get("hook", p.get("nativeCall", 0.0)) for e, p in per.items()}
    print(
        f"agent parts, thread CPU µs per call (each part inclusive; timer cost subtracted), "
        f"load {load[0]:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print("  " + " ".join(f"{p[:9]:>9s}" for p in PARTS) + "  calls  API")
    for entry in sorted(total, key=lambda e: -total[e])[:top]:
        p = per[entry]
        cells = " ".join(f"{p[k]:9.1f}" if k in p else f"{'':9s}" for k in PARTS)
        n = int(p.get("hook#n", p.get("nativeCall#n", 0)))
        print(f"  {cells} {n:6d}  {entry}")


def figures(quick: bool = False) -> dict[str, float]:
    medians, _ = measure(calls=3 if quick else 300, runs=1)
    rows = ratios(medians)
    if not rows:
        return {"apis": 0.0}
    return {
        "apis": float(len(rows)),
        "worst_ratio": rows[0][3],
        "median_ratio": statistics.median(r[3] for r in rows),
        "apis_over_target": float(sum(1 for r in rows if r[3] > TARGET_RATIO)),
        "median_added_us": statistics.median(r[1] for r in rows),
        "median_passthrough_added_us": statistics.median(r[2] for r in rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per round and API")
    parser.add_argument("--runs", type=int, default=1, help="interleaved runs of the 3 set-ups")
    parser.add_argument("--all", action="store_true", help="print every API, not the worst ten")
    parser.add_argument("--baseline", help="also run the agent of this git revision, interleaved")
    parser.add_argument(
        "--clock", choices=("wall", "cpu"), default="wall", help="what the app times per call"
    )
    parser.add_argument("--parts", action="store_true", help="per-part CPU time of the agent")
    args = parser.parse_args()
    if args.parts:
        parts(args.calls, args.clock, 40 if args.all else 15)
        return
    load = os.getloadavg()
    medians, events = measure(args.calls, args.runs, args.baseline, args.clock)
    rows = ratios(medians)
    print(
        f"per-API hook cost on the simulated device: {len(rows)} API calls, {args.calls} calls x 5 "
        f"rounds (fastest round), {args.runs} run(s), {args.clock} time; "
        f"load {load[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"  events delivered to the controller: {events['agent']:,} (agent)")
    old_setup = f"agent@{args.baseline}" if args.baseline is not None else None
    old_agent = medians[old_setup] if old_setup is not None else {}
    old_head = f" {'old µs':>8s}" if old_setup is not None else ""
    print(
        f"  {'API (#nth call site)':52s} {'bare µs':>8s} {'pass µs':>8s} {'agent µs':>9s}"
        f"{old_head} ratio"
    )
    base, passing, agent = medians["unhooked"], medians["pass-through"], medians["agent"]
    shown = rows if args.all else rows[:10]
    for key, _added, _bare, ratio in shown:
        mark = "" if ratio <= TARGET_RATIO else "  over"
        old_cell = f" {old_agent[key]:8.1f}" if key in old_agent else " " * len(old_head)
        print(
            f"  {key:52s} {base[key]:8.1f} {passing[key]:8.1f} {agent[key]:9.1f}{old_cell} "
            f"{ratio:5.2f}x{mark}"
        )
    over = sum(1 for r in rows if r[3] > TARGET_RATIO)
    if rows:
        print(
            f"  worst {rows[0][3]:.2f}x, median {statistics.median(r[3] for r in rows):.2f}x; "
            f"{over} of {len(rows)} over the {TARGET_RATIO:.0f}x target"
        )
        print(
            f"  median added µs: agent {statistics.median(r[1] for r in rows):.1f}, "
            f"pass-through {statistics.median(r[2] for r in rows):.1f}"
        )
    if args.baseline is not None:
        old = ratios(medians, f"agent@{args.baseline}")
        if old:
            print(
                f"  agent@{args.baseline} in the same session: worst {old[0][3]:.2f}x, median "
                f"{statistics.median(r[3] for r in old):.2f}x, "
                f"{sum(1 for r in old if r[3] > TARGET_RATIO)} of {len(old)} over; median added "
                f"{statistics.median(r[1] for r in old):.1f} µs"
            )
        print(_old_and_new(agent, old_agent, args.baseline))
    print(f"  load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

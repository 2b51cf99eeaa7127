"""Agent benchmarks: per-call cost, transport throughput, controller memory, load time.

Run: .venv/bin/python benchmarks/bench_agent.py [--native-events 1000000] [--java-events 100000]
The transport alone (issue #19): .venv/bin/python benchmarks/bench_agent.py --only transport
(--only load: the agent's load alone, before/after parts interleaved; docs/speed.md)

Targets: a hooked call with its stack costs <= 3x a pass-through hook (every catalogue API:
bench_hook_cost.py, <= 2x); the transport delivers >= 150,000 events/s over a 1,000,000-event
flood, median of 5 runs (--transport-runs); nothing is lost; the controller's memory stays
bounded. `figures()` gives the headline numbers to benchmarks/run_all.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import frida  # noqa: E402
import psutil  # noqa: E402

from harness.agent.build import compile_script  # noqa: E402
from harness.agent.messages import CallRecord  # noqa: E402
from harness.agent.session import (  # noqa: E402
    AgentOptions,
    Instrumentation,
    LoadTiming,
    agent_bundle,
)
from harness.device.base import ProcessInfo  # noqa: E402
from harness.device.sim.runtime import app_java  # noqa: E402
from harness.paths import cache_dir  # noqa: E402

JDK = Path("/usr/lib/jvm/java-17-openjdk-amd64/bin")
FIXTURES = ROOT / "tests" / "agent" / "fixtures"
HOOKS = ROOT / "hooks"


class CountingSink:
    """Counts and checks order; keeps nothing, so memory shows the transport's own cost."""

    def __init__(self) -> None:
        self.calls = 0
        self.last_seq = 0
        self.out_of_order = 0
        self.done = threading.Event()
        self.expect = 0

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        pass

    def event(self, event: object) -> None:
        self._count(getattr(event, "seq", 0))

    def _count(self, seq: int) -> None:
        if seq <= self.last_seq:
            self.out_of_order += 1
        self.last_seq = seq
        self.calls += 1
        if self.expect and self.calls >= self.expect:
            self.done.set()

    def hook_report(self, report: object) -> None:
        pass


class LoggingSink(CountingSink):
    """Counts as CountingSink does, after writing everything to a real events.jsonl: the run's
    EventLog with the simulated device's scrubber, as a masked run has it, so the transport as
    a run pays for it (`--sink eventlog`)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        from harness.device.sim.identity import IDENTIFIERS
        from harness.masking import Scrubber
        from harness.run.eventlog import EventLog

        self.log = EventLog(path)
        self.log.scrubber = Scrubber(IDENTIFIERS.values())

    def batch(self) -> AbstractContextManager[None]:
        return self.log.batch()  # an agent message's lines in one write, as in a run

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        self.log.stack(pid, stack_id, frames)

    def event(self, event: object) -> None:
        self.log.event(event)  # type: ignore[arg-type]
        super().event(event)

    def call(self, pid: int, record: CallRecord) -> None:
        """A packed call without its model, as the session hands it to a run's EventLog."""
        self.log.call(pid, record)
        self._count(record[0])


def rss_mb() -> float:
    """Peak resident memory of this (controller) process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def compile_fixture(out: Path) -> Path:
    cp = out / "cp"
    sources = [str(p) for d in ("framework", "app") for p in (FIXTURES / d).rglob("*.java")]
    subprocess.run([str(JDK / "javac"), "-d", str(cp), *sources], check=True)
    return cp


class Jvm:
    def __init__(self, cp: Path) -> None:
        self.proc = subprocess.Popen(
            # the runtime the simulated device's app processes run on (its jlink image, which
            # Frida attaches to faster than to the JDK: harness/device/sim/runtime.py)
            [str(app_java()), "-cp", str(cp), "fixture.Main"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout and self.proc.stdout.readline().strip() == "READY"

    def run(self, cmd: str) -> str:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(cmd + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip().split(" ", 2)[2]

    def close(self) -> None:
        try:
            self.run("exit")
        except (OSError, IndexError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def timed(jvm: Jvm, n: int) -> tuple[float, float]:
    jvm.run(f"timed {n}")  # warm-up (JIT, caches, interned stack)
    p50s, p99s = [], []
    for _ in range(3):
        fields = dict(kv.split("=") for kv in jvm.run(f"timed {n}").split())
        p50s.append(int(fields["p50"]) / 1000)
        p99s.append(int(fields["p99"]) / 1000)
    return statistics.median(p50s), statistics.median(p99s)


def per_call(cp: Path, n: int) -> dict[str, float]:
    device = frida.get_local_device()
    results: dict[str, tuple[float, float]] = {}
    jvm = Jvm(cp)
    results["unhooked"] = timed(jvm, n)
    jvm.close()

    passthrough = compile_script(
        HOOKS / "bench" / "passthrough.ts", HOOKS, cache_dir() / "agent"
    ).read_text()
    jvm = Jvm(cp)
    session = device.attach(jvm.proc.pid)
    script = session.create_script(passthrough)
    script.load()
    results["pass-through hook"] = timed(jvm, n)
    script.unload()
    session.detach()
    jvm.close()

    jvm = Jvm(cp)
    sink = CountingSink()
    inst = Instrumentation(device, sink, AgentOptions(), source=agent_bundle())
    inst.instrument(ProcessInfo(jvm.proc.pid, "bench"))
    results["agent (event + stack)"] = timed(jvm, n)
    inst.flush()
    inst.close()
    jvm.close()
    expected = 4 * n
    print(
        f"\nper-call cost of TelephonyManager.getNetworkOperator() "
        f"({n} calls x 3 rounds, median of rounds)"
    )
    for name, (p50, p99) in results.items():
        print(f"  {name:24s} p50 {p50:8.1f} µs   p99 {p99:8.1f} µs")
    base = results["pass-through hook"][0]
    agent = results["agent (event + stack)"][0]
    unhooked = results["unhooked"][0]
    ratio = (agent - unhooked) / max(base - unhooked, 1e-9)
    print(
        f"  added cost: agent {agent - unhooked:.1f} µs vs pass-through {base - unhooked:.1f} µs "
        f"-> {ratio:.2f}x (target <= 3x: {'OK' if ratio <= 3 else 'MISSED'})"
    )
    print(f"  events delivered {sink.calls} of {expected}, out of order {sink.out_of_order}")
    return {
        "per_call_agent_added_us": agent - unhooked,
        "per_call_passthrough_added_us": base - unhooked,
        "per_call_ratio": ratio,
    }


def native_transport(n: int, sink_kind: str = "count") -> dict[str, float]:
    source = compile_script(
        HOOKS / "bench" / "transport.ts", HOOKS, cache_dir() / "agent"
    ).read_text()
    target = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os,sys\nprint('ready', flush=True)\nsys.stdin.readline()\nn=int(sys.argv[1])\n"
            "for _ in range(n): os.getppid()\nprint('done', flush=True)\nsys.stdin.readline()",
            str(n),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert target.stdout
    # Attach once the interpreter is up: attaching during its start-up crashed Frida's loader
    # (signal 11) now and then under heavy load.
    target.stdout.readline()
    logdir = tempfile.TemporaryDirectory()
    sink = (
        LoggingSink(Path(logdir.name) / "events.jsonl")
        if sink_kind == "eventlog"
        else CountingSink()
    )
    sink.expect = n
    inst = Instrumentation(frida.get_local_device(), sink, AgentOptions(), source=source)
    try:
        inst.instrument(ProcessInfo(target.pid, "bench-native"))
    except BaseException:
        target.kill()
        target.wait(timeout=10)
        raise
    rss_before = current_rss_mb()
    app = psutil.Process(target.pid)
    app_cpu0, own_cpu0 = _cpu(app), time.process_time()
    t0 = time.perf_counter()
    assert target.stdin and target.stdout
    target.stdin.write("go\n")
    target.stdin.flush()
    target.stdout.readline()
    produced = time.perf_counter() - t0
    inst.flush()
    sink.done.wait(timeout=600)
    elapsed = time.perf_counter() - t0
    # CPU seconds: what each side costs whatever the machine's load (wall time is shared).
    app_cpu, own_cpu = _cpu(app) - app_cpu0, time.process_time() - own_cpu0
    agent_stats = inst.stats.agents
    inst.close()
    target.stdin.write("bye\n")
    target.stdin.flush()
    try:
        target.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # Seen a few times after detaching with output piped: never leave the target behind.
        target.kill()
        target.wait(timeout=10)
    if isinstance(sink, LoggingSink):
        sink.log.close()
    logdir.cleanup()
    rate = sink.calls / elapsed
    into = "events.jsonl (EventLog)" if sink_kind == "eventlog" else "a counting sink"
    print(f"\ntransport, native Interceptor hook on getppid(): {n} events into {into}")
    print(
        f"  produced in {produced:.2f} s, all delivered after {elapsed:.2f} s "
        f"-> {rate:,.0f} events/s "
        f"(target >= 150,000: {'OK' if rate >= 150_000 else 'MISSED'})"
    )
    print(
        f"  delivered {sink.calls}, lost {n - sink.calls}, out of order {sink.out_of_order}, "
        f"agent stats {dict(next(iter(agent_stats.values())) or {}) if agent_stats else '-'}"
    )
    print(
        f"  controller RSS {rss_before:.0f} MB before the flood, {current_rss_mb():.0f} MB after; "
        f"peak {rss_mb():.0f} MB"
    )
    app_us, own_us = app_cpu / n * 1e6, own_cpu / n * 1e6
    print(
        f"  CPU per event: app (hook + agent) {app_us:.2f} µs, controller {own_us:.2f} µs "
        f"-> {1e6 / max(app_us, own_us, 1e-9):,.0f} events/s with a core for each"
    )
    return {
        "events_per_s": rate,
        "lost": float(n - sink.calls),
        "peak_rss_mb": rss_mb(),
        "app_cpu_us_per_event": app_us,
        "controller_cpu_us_per_event": own_us,
    }


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def transport_runs(n: int, runs: int, sink_kind: str = "count") -> dict[str, float]:
    """The native transport `runs` times: the median rate, and every event lost in any run."""
    results = [native_transport(n, sink_kind) for _ in range(runs)]
    rates = sorted(r["events_per_s"] for r in results)
    median = statistics.median(rates)
    lost = sum(r["lost"] for r in results)
    app_us = statistics.median(r["app_cpu_us_per_event"] for r in results)
    own_us = statistics.median(r["controller_cpu_us_per_event"] for r in results)
    load = os.getloadavg()[0]
    print(
        f"\ntransport over {runs} runs of {n:,} events (load {load:.1f} on {os.cpu_count()} CPUs): "
        f"median {median:,.0f} events/s (min {rates[0]:,.0f}, max {rates[-1]:,.0f}), "
        f"lost {lost:.0f} "
        f"(target >= 150,000 and 0 lost: {'OK' if median >= 150_000 and lost == 0 else 'MISSED'})"
    )
    print(
        f"  median CPU per event: app {app_us:.2f} µs, controller {own_us:.2f} µs "
        f"(the rate with a core for each: {1e6 / max(app_us, own_us, 1e-9):,.0f} events/s)"
    )
    return {
        "transport_events_per_s": median,
        "transport_lost": lost,
        "transport_app_cpu_us_per_event": app_us,
        "transport_controller_cpu_us_per_event": own_us,
    }


def java_transport(cp: Path, n: int) -> None:
    jvm = Jvm(cp)
    sink = CountingSink()
    sink.expect = n
    inst = Instrumentation(frida.get_local_device(), sink, AgentOptions(), source=agent_bundle())
    inst.instrument(ProcessInfo(jvm.proc.pid, "bench-java"))
    t0 = time.perf_counter()
    out = jvm.run(f"flood {n}")
    inst.flush()
    sink.done.wait(timeout=300)
    elapsed = time.perf_counter() - t0
    inst.close()
    jvm.close()
    app_ns = int(out.split("ns=")[1])
    print(f"\ntransport, Java hooks (full agent, stack + masking): {n} events")
    print(
        f"  app loop {app_ns / 1e9:.2f} s ({app_ns / n / 1000:.1f} µs/call); all delivered after "
        f"{elapsed:.2f} s -> {sink.calls / elapsed:,.0f} events/s; lost {n - sink.calls}, "
        f"out of order {sink.out_of_order}"
    )
    print(f"  controller peak RSS {rss_mb():.0f} MB")


def _load_parts(device: frida.Device, cp: Path, source: str) -> dict[str, float]:
    """One fresh JVM of the stand-in app, one hooks/bench/load_parts*.ts script loaded into it."""
    jvm = Jvm(cp)
    try:
        session = device.attach(jvm.proc.pid)
        script = session.create_script(source)
        got: list[dict[str, float]] = []
        script.on(
            "message",
            lambda m, _d: got.append(m.get("payload", {}).get("load_parts", {})),
        )
        t0 = time.perf_counter()
        script.load()
        loaded_ms = (time.perf_counter() - t0) * 1000
        session.detach()
    finally:
        jvm.close()
    return {**got[0], "script_load_ms": loaded_ms} if got else {}


def _uptime() -> str:
    return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())


LOAD_PARTS = (
    ("import_ms", "frida-java-bridge starts (its module and ours evaluate)"),
    ("symbols_ms", "  of which libjvm's enumerateSymbols as the bridge calls it"),
    ("exports_ms", "  of which libjvm's enumerateExports (the agent: its native look-ups)"),
    ("resolve_ms", "Java.use of every framework class, once each"),
    ("install_ms", "installing the hooks on them (synchronous part)"),
    ("script_load_ms", "script.load() as the controller waits for it (VM operations included)"),
)


def load_time(cp: Path, runs: int = 3) -> dict[str, float]:
    """The whole agent's load (Instrumentation's attach, compile, load and init), and the parts
    of a load (hooks/bench/load_parts.ts: the bridge's start as the agent does it, class
    resolution, install; load_parts_bridge.ts: the same with the bridge's own start, the
    "before"), interleaved, each the median over `runs` fresh JVMs of the stand-in app."""
    device = frida.get_local_device()
    source = agent_bundle()
    variants = {
        name: compile_script(
            HOOKS / "bench" / f"{name}.ts", HOOKS, cache_dir() / "agent"
        ).read_text()
        for name in ("load_parts", "load_parts_bridge")
    }
    whole: list[float] = []
    steps: list[LoadTiming] = []
    parts: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    hooked = 0
    print(f"\nagent load ({_uptime()} on {os.cpu_count()} CPUs at the start)")
    for _ in range(runs):
        jvm = Jvm(cp)
        inst = Instrumentation(device, CountingSink(), AgentOptions(), source=source)
        t0 = time.perf_counter()
        report = inst.instrument(ProcessInfo(jvm.proc.pid, "bench-load"))
        whole.append(time.perf_counter() - t0)
        timing = inst.load_timing(jvm.proc.pid)
        if timing is not None:
            steps.append(timing)
        hooked = len(report.hooked)
        inst.close()
        jvm.close()
        for name, parts_source in variants.items():
            got = _load_parts(device, cp, parts_source)
            if got:
                parts[name].append(got)

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    print(
        f"  {runs} fresh JVMs of the stand-in app each ({_uptime()} at the end; "
        f"{hooked} hooks present at load)"
    )
    print(
        f"  whole (attach + compile + load + init): median {median(whole) * 1000:.0f} ms, "
        f"max {max(whole) * 1000:.0f} ms (target < 250 ms)"
    )
    for name in ("attach_s", "compile_s", "load_s", "init_s"):
        print(f"    {name[:-2]:8s} {median([getattr(t, name) for t in steps]) * 1000:7.0f} ms")
    figures = {
        "agent_load_ms": median(whole) * 1000,
        "agent_script_load_ms": median([t.load_s for t in steps]) * 1000,
        "agent_attach_ms": median([t.attach_s for t in steps]) * 1000,
        "agent_compile_ms": median([t.compile_s for t in steps]) * 1000,
    }
    agent, bridge = parts["load_parts"], parts["load_parts_bridge"]
    if agent and bridge:
        print("  a script's load, part by part (hooks/bench/load_parts*.ts, pass-through hooks):")
        print(f"    {'agent':>7s} {'bridge':>7s}  (ms; bridge: frida-java-bridge's own start)")
        for key, what in LOAD_PARTS:
            now, before = median([p[key] for p in agent]), median([p[key] for p in bridge])
            figures[f"load_{key}"] = now
            figures[f"load_bridge_{key}"] = before
            print(f"    {now:7.0f} {before:7.0f}  {what}")
        print(
            f"    ({agent[0].get('classes', 0):.0f} framework classes found, "
            f"{agent[0].get('missing_classes', 0):.0f} absent in the stand-in; "
            f"{bridge[0].get('symbols', 0):.0f} libjvm symbols enumerated by the bridge, "
            f"{agent[0].get('found', 0):.0f} looked up natively by the agent)"
        )
    return figures


def figures(quick: bool = False) -> dict[str, float]:
    """Per-call cost and transport (quick: small sizes, one transport run)."""
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cp = compile_fixture(Path(tmp))
        out.update(per_call(cp, 500 if quick else 20_000))
        out.update(load_time(cp, runs=1 if quick else 3))
    out.update(transport_runs(20_000 if quick else 1_000_000, 1 if quick else 5))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="calls per latency round")
    parser.add_argument("--native-events", type=int, default=1_000_000)
    parser.add_argument("--transport-runs", type=int, default=5)
    parser.add_argument("--java-events", type=int, default=100_000)
    parser.add_argument(
        "--only",
        choices=("per-call", "transport", "java-transport", "load"),
        action="append",
        help="run only these blocks (repeatable; default: all)",
    )
    parser.add_argument(
        "--sink",
        choices=("count", "eventlog"),
        default="count",
        help="where the transport's events go: counted only (the figure), or events.jsonl",
    )
    args = parser.parse_args()
    only = set(args.only or ("per-call", "transport", "java-transport", "load"))
    if only == {"transport"}:  # no JVM needed
        transport_runs(args.native_events, args.transport_runs, args.sink)
        return
    with tempfile.TemporaryDirectory() as tmp:
        cp = compile_fixture(Path(tmp))
        if "per-call" in only:
            per_call(cp, args.calls)
        if "transport" in only:
            transport_runs(args.native_events, args.transport_runs, args.sink)
        if "java-transport" in only:
            java_transport(cp, args.java_events)
        if "load" in only:
            load_time(cp)


if __name__ == "__main__":
    main()

"""Analysis benchmarks: attribution, rules and report files on a large synthetic run.

Run: .venv/bin/python benchmarks/bench_analysis.py [--events 100000] [--stacks 200]

Targets: the rules (with attribution) process >= 100,000 calls/s; report.html for a 10,000-call
run stays under 1 MB and renders in under 1 s; a fresh stack is attributed in under 50 us.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.attribution import Attributor, load_sdk_db  # noqa: E402
from harness.model import CallEvent, Category, MarkerEvent  # noqa: E402
from harness.report.html import render_html  # noqa: E402
from harness.report.model import (  # noqa: E402
    ConsentOutcome,
    DeviceSummary,
    MarkerRecord,
    RunReport,
    TargetInfo,
)
from harness.rules import evaluate  # noqa: E402
from harness.run.config import RunConfig  # noqa: E402

APP = "com.example.bench"
T0 = 1_700_000_000_000.0
PLUMBING = [
    "java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1167)",
    "java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:641)",
    "java.lang.Thread.run(Thread.java:923)",
]


def make_stacks(n: int, rng: random.Random) -> list[list[str]]:
    db = load_sdk_db()
    owners = [p for e in db.entries for p in e.prefixes] + [APP, "com.acme.lib", "a.b"]
    stacks = []
    for i in range(n):
        owner = rng.choice(owners)
        frames = [f"{owner}.C{i}.m{j}(C{i}.java:{j})" for j in range(rng.randint(1, 6))]
        head = ["java.lang.reflect.Method.invoke(Method.java:568)"] if i % 3 == 0 else []
        stacks.append(head + frames + PLUMBING + [f"{APP}.App.onCreate(App.java:1)"])
    return stacks


def make_events(n: int, stacks: list[list[str]], rng: random.Random) -> list:  # type: ignore[type-arg]
    events: list = []  # type: ignore[type-arg]
    cats = list(Category)
    seq = {1: 0, 2: 0, 3: 0}
    duration_ms = 40_000.0
    marks = {
        5_000.0: "consent_dialog_shown",
        20_000.0: "consent_accepted",
        30_000.0: "app_background",
    }
    pending = sorted(marks)
    for k in range(n):
        ts = T0 + duration_ms * k / n
        while pending and ts - T0 >= pending[0]:
            at = pending.pop(0)
            for pid in seq:
                seq[pid] += 1
                events.append(
                    MarkerEvent(
                        seq=seq[pid], ts=T0 + at, pid=pid, process=f"p{pid}", name=marks[at]
                    )
                )
        pid = rng.choice((1, 1, 1, 2, 3))
        seq[pid] += 1
        # As in real apps, one call site reads one API: the stack fixes the category and API.
        i = rng.randrange(len(stacks))
        events.append(
            CallEvent(
                seq=seq[pid],
                ts=ts,
                pid=pid,
                process=f"p{pid}",
                api=f"X.get{i % 7}",
                category=cats[i % len(cats)],
                stack=stacks[i],
                ret="****",
            )
        )
    return events


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stacks", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    stacks = make_stacks(args.stacks, rng)

    fresh = Attributor(load_sdk_db(), APP)
    start = time.perf_counter()
    for s in stacks:
        fresh.attribute(s)
    per_stack_us = (time.perf_counter() - start) / len(stacks) * 1e6
    print(
        f"attribution, uncached: {per_stack_us:.1f} us/stack "
        f"(target <= 50, ratio {per_stack_us / 50:.2f})"
    )

    events = make_events(args.events, stacks, rng)
    calls = sum(1 for e in events if isinstance(e, CallEvent))
    start = time.perf_counter()
    findings = evaluate(events, attributor=Attributor(load_sdk_db(), APP), resumed_at_ts=T0)
    took = time.perf_counter() - start
    rate = calls / took
    print(
        f"rules+attribution: {calls} calls in {took:.2f} s = {rate:,.0f} calls/s "
        f"(target >= 100,000, ratio {rate / 100_000:.2f}); {len(findings)} findings"
    )

    small = make_events(10_000, stacks, rng)
    with tempfile.TemporaryDirectory() as tmp:
        report = RunReport(
            tool_version="bench",
            status="completed",
            target=TargetInfo(package=APP),
            device=DeviceSummary(name="sim", kind="sim"),
            settings=RunConfig(target=APP, out=Path(tmp)).model_dump(mode="json"),
            started_at="",
            ended_at="",
            resumed_at_ts=T0,
            consent=ConsentOutcome(
                mode="accept",
                dialog_detected=True,
                outcome="accepted",
                markers=[
                    MarkerRecord(name="consent_dialog_shown", ts=T0 + 5000, offset_s=5.0),
                    MarkerRecord(name="consent_accepted", ts=T0 + 20000, offset_s=20.0),
                    MarkerRecord(name="app_background", ts=T0 + 30000, offset_s=30.0),
                ],
            ),
            findings=evaluate(small, attributor=Attributor(load_sdk_db(), APP), resumed_at_ts=T0),
            event_count=10_000,
        )
        start = time.perf_counter()
        html = render_html(report, small)
        took = time.perf_counter() - start
    size = len(html.encode("utf-8"))
    print(
        f"report.html, 10,000 calls, {len(report.findings)} findings: {size / 1e6:.2f} MB "
        f"(target < 1 MB, ratio {size / 1e6:.2f}), "
        f"rendered in {took:.2f} s (target < 1 s, ratio {took:.2f})"
    )


if __name__ == "__main__":
    main()

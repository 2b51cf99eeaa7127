"""The controller's cost per call into the real event log, in process (issue #19).

`.venv/bin/python benchmarks/bench_eventlog.py [--tree PATH]`: delivers the same synthetic
flood (packed 200-call batches from one call site, as the native bench's hook sends them)
through `Instrumentation._on_message` into the run's `EventLog` with the simulated device's
scrubber, and prints the CPU time per call (min of the rounds) beside the load, and the
sha256 of the events.jsonl written. `--tree` runs another checkout's harness (an A/B: the same
input, so equal hashes mean byte-for-byte equal files). No Frida session: only the Python
side that the real flood's figure (`bench_agent.py --only transport --sink eventlog`) adds to
Frida's own threads.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _batches(count: int, size: int) -> list[tuple[dict[str, Any], bytes]]:
    from tests.agent.packing import pack

    stack = {"type": "stack", "id": 1, "frames": ["a.B.c(B.java:1)", "libc.so!getppid"]}
    batches = []
    seq = 0
    for b in range(count):
        items: list[dict[str, Any]] = [stack] if b == 0 else []
        for _ in range(size):
            seq += 1
            items.append(
                {
                    "type": "call",
                    "seq": seq,
                    "ts": 1733144200000.0 + seq // 40,  # a flood: ~40 calls a millisecond
                    "process": "bench-native",
                    "thread": "main",
                    "api": "libc.getppid",
                    "hook_id": "native.getppid",
                    "category": "device_id",
                    "args": [],
                    "ret": "4242",
                    "threw": None,
                    "denied": False,
                    "stack_id": 1,
                    "values": [],
                }
            )
        batches.append(pack(items, pid=10))
    return batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose harness runs")
    parser.add_argument("--batches", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    sys.path.insert(1, str(ROOT))  # tests.agent.packing: the same input for every tree
    import frida

    from harness.agent.session import AgentOptions, Instrumentation, _Attached
    from harness.device.base import ProcessInfo
    from harness.device.sim.identity import IDENTIFIERS
    from harness.masking import Scrubber
    from harness.run.eventlog import EventLog

    batches = _batches(args.batches, 200)
    calls = 200 * len(batches)
    best = float("inf")
    digest = ""
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "events.jsonl"
            log = EventLog(path)
            log.scrubber = Scrubber(IDENTIFIERS.values())
            inst = Instrumentation(frida.get_local_device(), log, AgentOptions(), source="")
            entry = _Attached(ProcessInfo(10, "com.a"), None, None)
            t0 = time.process_time()
            for envelope, data in batches:
                inst._on_message(entry, {"type": "send", "payload": envelope}, data)
            best = min(best, time.process_time() - t0)
            log.close()
            assert log.call_count == calls
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
    load = os.getloadavg()
    tree = Path(sys.modules["harness"].__file__ or "").parent.parent  # the harness that ran
    print(
        f"{tree}: {best / calls * 1e6:.2f} µs CPU per call (min of {args.rounds} rounds of "
        f"{calls:,}), load {load[0]:.1f}/{load[1]:.1f}, events.jsonl sha256 {digest[:16]}"
    )


if __name__ == "__main__":
    main()

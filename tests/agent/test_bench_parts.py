"""benchmarks/bench_hook_cost.py --parts: reading the agent's per-part totals from Frida's
printed console output (hooks/bench/partclock.ts writes them)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_hook_cost", ROOT / "benchmarks" / "bench_hook_cost.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PRINTED = "\n".join(
    [
        "PARTS-BEGIN pid=10 timer=2000",
        "PARTS|a.get|hook|5|5000",
        "PARTS-END",
        "PARTS-BEGIN pid=11 timer=2000",  # the other process: fewer hooked calls
        "PARTS|b.get|hook|2|900",
        "PARTS-END",
        "some other output",
        "PARTS-BEGIN pid=10 timer=2000",  # the main process's later block replaces its first
        "PARTS|a.get|hook|9|9000",
        "PARTS|a.get|probe probe.file.exists|18|3600",
        "PARTS-END",
        "PARTS-BEGIN pid=10 timer=2000",  # cut off by the end of the run: not complete, not read
        "PARTS|a.get|hook|10|1",
    ]
)


def test_the_busiest_process_last_complete_block_is_read() -> None:
    blocks = _bench()._parts_blocks(PRINTED)
    assert blocks == {
        ("a.get", "hook"): (9, 9000),
        ("a.get", "probe probe.file.exists"): (18, 3600),
    }


def test_no_block_reads_as_empty() -> None:
    assert _bench()._parts_blocks("nothing here\nPARTS|a|hook|1|1\n") == {}

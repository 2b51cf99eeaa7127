"""A local process to attach to and tiny hand-written agents: the wire tests' shared set-up.

Tests of what the controller does with the agent's messages (tests/agent/test_wire_errors.py,
tests/network/test_ingest.py) load a plain-JavaScript script, not the real agent, so that it can
send exactly what the test needs (also what the real agent's compiler would refuse), into a
Python process that only waits. Use as a fixture: `from tests.scripted_agent import target`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from harness.device.base import ProcessInfo

# What a scripted agent's init() answers: the wire's hook report of a process that hooked nothing.
HOOK_REPORT: dict[str, object] = {
    "type": "hook_report",
    "schema": 2,
    "pid": 1,
    "process": "p",
    "hooked": [],
    "missing": [],
    "failed": [],
}


def scripted_agent(flush_body: str, *, reply: dict[str, object] | None = None) -> str:
    """An agent exporting the agent's RPC whose flush() runs `flush_body` (JavaScript) and whose
    init() answers `reply` (default HOOK_REPORT)."""
    return f"""
rpc.exports = {{
    init(options) {{ return {json.dumps(HOOK_REPORT if reply is None else reply)}; }},
    mark(name) {{ return {{ seq: 1, ts: Date.now() }}; }},
    flush() {{ {flush_body} }},
    stats() {{ return {{}}; }},
    dispose() {{}},
}};
"""


@pytest.fixture
def target() -> Iterator[ProcessInfo]:
    """A Python process that waits on stdin: something harmless to attach a script to."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; print('READY', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # Attaching while the interpreter still starts up can crash Frida's loader.
        assert proc.stdout.readline().strip() == "READY"
        yield ProcessInfo(proc.pid, "com.example.wire")
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)

"""hooks/src/jvmbatch.ts in a live JVM: methods replaced in one VM operation get one class-graph
walk, one dependent-code flush, and still every call, though the JVM had resolved, dispatched
and JIT-compiled (inlined) them before the hooks went in; what the app sees is unchanged."""

from __future__ import annotations

import queue
import subprocess
import time
from pathlib import Path
from typing import Any

from harness.agent.build import compile_script
from harness.device.sim.jdk import find_jdk
from harness.device.sim.runtime import app_java

HOOKS = Path(__file__).resolve().parents[2] / "hooks"
FIXTURE = Path(__file__).parent / "fixtures" / "batch" / "Batch.java"
ROUND = 7


def _expected(n: int) -> str:
    return "".join(f"d{i}baseimpl," for i in range(n))


def test_one_walk_per_operation_and_every_call_still_hooked(tmp_path: Path) -> None:
    import frida

    source = compile_script(
        HOOKS / "bench" / "jvmbatch_check.ts", HOOKS, tmp_path / "cache"
    ).read_text()
    subprocess.run(
        [str(find_jdk().javac), "-d", str(tmp_path), str(FIXTURE)], check=True, timeout=120
    )
    jvm = subprocess.Popen(
        [str(app_java()), "-cp", str(tmp_path), "Batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    replies: queue.Queue[dict[str, Any]] = queue.Queue()
    try:
        assert jvm.stdin is not None and jvm.stdout is not None
        # warmed up: 50,000 rounds resolved, dispatched and compiled before the attach
        assert jvm.stdout.readline().startswith("READY ")
        jvm.stdin.write(f"{ROUND}\n")
        jvm.stdin.flush()
        assert jvm.stdout.readline().strip() == _expected(ROUND)  # before: unhooked
        session = frida.get_local_device().attach(jvm.pid)
        script = session.create_script(source)
        script.on(
            "message",
            lambda m, _d: replies.put(m["payload"]["jvmbatch_check"] if m["type"] == "send" else m),
        )
        script.load()

        def report() -> dict[str, Any]:
            script.post({"type": "report"})
            reply = replies.get(timeout=60)
            assert "operations" in reply, reply  # an error message instead
            return reply

        deadline = time.monotonic() + 60
        state = report()
        while state["operations"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # the bridge replaces methods on the tick after the script's load
            state = report()
        assert state["installed"] is True and state["enabled"] is True, state
        assert state["operations"] == 1 and state["walks"] == 1
        assert state["deferredWalks"] == 3  # one per method, none done on its own
        for _ in range(2):
            jvm.stdin.write(f"{ROUND}\n")
            jvm.stdin.flush()
            assert jvm.stdout.readline().strip() == _expected(ROUND)  # the same results
        state = report()
        assert state["counts"] == {"direct": 2 * ROUND, "who": 2 * ROUND, "greet": 2 * ROUND}
        session.detach()
    finally:
        jvm.kill()
        jvm.wait(timeout=30)

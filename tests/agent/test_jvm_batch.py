"""hooks/src/jvmbatch.ts in a live JVM: methods replaced in one VM operation get one class-graph
walk, one dependent-code flush, and still every call, though the JVM had resolved (in the
declaring class and in another), dispatched (vtable, itable) and JIT-compiled them before the
hooks went in; a later operation that puts one back and replaces another is batched the same
way; what the app sees is unchanged."""

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
    return "".join(f"d{i}d{i}baseimplx," for i in range(n))


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

        def wait_for_operations(n: int) -> dict[str, Any]:
            deadline = time.monotonic() + 60
            state = report()
            while state["operations"] < n and time.monotonic() < deadline:
                time.sleep(0.05)  # the bridge replaces methods on the tick after they are set
                state = report()
            return state

        def rounds(times: int) -> None:
            assert jvm.stdin is not None and jvm.stdout is not None
            for _ in range(times):
                jvm.stdin.write(f"{ROUND}\n")
                jvm.stdin.flush()
                assert jvm.stdout.readline().strip() == _expected(ROUND)  # the same results

        state = wait_for_operations(1)
        assert state["installed"] is True and state["enabled"] is True, state
        assert state["wrappedOperations"] == state["operations"] == 1
        assert state["walks"] == 1 and state["flushes"] == 1
        assert state["deferredWalks"] == 3  # one per method, none done on its own
        rounds(2)
        state = report()
        # direct() twice a round: from its own class and from Batch.Other
        assert state["counts"] == {
            "direct": 4 * ROUND,
            "who": 2 * ROUND,
            "greet": 2 * ROUND,
            "extra": 0,
        }
        script.post({"type": "second"})  # who() put back, extra() replaced: one more operation
        state = wait_for_operations(2)
        assert state["wrappedOperations"] == state["operations"] == 2
        assert state["walks"] == 2 and state["deferredWalks"] == 5
        rounds(1)
        state = report()
        assert state["counts"] == {
            "direct": 6 * ROUND,
            "who": 2 * ROUND,  # no longer hooked
            "greet": 3 * ROUND,
            "extra": ROUND,
        }
        session.detach()
    finally:
        jvm.kill()
        jvm.wait(timeout=30)

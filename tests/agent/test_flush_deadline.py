"""A flush with no reply ends at its deadline: the agent is detached and a problem names it.

Frida's RPC calls wait for ever; an agent stuck on a loaded machine once held a run's close
for good (the flood test, load 15-20). A stand-in agent whose `flush` never answers (a promise
that is never settled, so its JS thread stays free) shows the deadline at work.
"""

from __future__ import annotations

import subprocess
import time

from harness.agent.session import AgentOptions, Instrumentation
from harness.device.base import ProcessInfo

from .conftest import RecordingSink

STUCK_AGENT = """
rpc.exports = {
  init(options) {
    return { type: "hook_report", schema: 2, pid: Process.id, process: options.process,
             hooked: [], missing: [], failed: [] };
  },
  flush() { return new Promise(() => {}); },
};
"""


def test_a_flush_that_never_answers_is_cut_at_its_deadline_and_named() -> None:
    import frida

    target = subprocess.Popen(["sleep", "120"])
    try:
        inst = Instrumentation(
            frida.get_local_device(),
            RecordingSink(),
            AgentOptions(flush_timeout_s=1.0),
            source=STUCK_AGENT,
        )
        inst.instrument(ProcessInfo(target.pid, "com.example.stuck"))
        started = time.monotonic()
        inst.flush()
        inst.close()  # flushes no more: the stuck agent is detached already
        waited = time.monotonic() - started
        assert waited < 30, f"the flush waited {waited:.1f} s"
        problems = [p for p in inst.problems if p.pid == target.pid]
        assert [p.message for p in problems] == ["rpc flush failed"]
        assert "no reply within 1 s" in problems[0].detail
        assert target.poll() is None  # the app itself is left alone
    finally:
        target.kill()
        target.wait(10)

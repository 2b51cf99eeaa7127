"""Every attach has a deadline, and the harness never attaches to itself.

An app can name any pid (a forged gate announcement, a hostile device): Frida attaching to the
controller's own process hangs it for good, so that is refused outright; an attach, agent load
or first answer that does not finish in time ends that process's instrumentation with a reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from harness.agent.session import AgentOptions, Instrumentation
from harness.errors import AgentError

from .conftest import FixtureApp, RecordingSink

# Run in a child interpreter: on code without the guard, the attach hangs that process, and only
# a process boundary lets the test end (and fail) on time.
SELF_ATTACH = """
import os, frida
from harness.agent.session import AgentOptions, Instrumentation
from harness.device.base import ProcessInfo
from harness.errors import AgentError
from tests.agent.conftest import RecordingSink
inst = Instrumentation(frida.get_local_device(), RecordingSink(), AgentOptions(), source="1")
for pid in (os.getpid(), os.getppid()):
    try:
        inst.instrument(ProcessInfo(pid=pid, name="com.evil:forged"))
    except AgentError as exc:
        print("refused", exc.message)
"""


def test_instrumenting_the_harness_itself_or_its_parent_is_refused_at_once() -> None:
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-c", SELF_ATTACH],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=os.getcwd(),
        )
    except subprocess.TimeoutExpired:
        pytest.fail("attaching to the controller's own pid hung the controller")
    assert done.returncode == 0, done.stderr[-2000:]
    refusals = [line for line in done.stdout.splitlines() if line.startswith("refused")]
    assert len(refusals) == 2 and all("the harness itself" in line for line in refusals)
    assert time.monotonic() - started < 60


def test_an_attach_past_its_deadline_ends_with_a_reason_and_the_app_runs_on(
    fixture_app: FixtureApp, agent_source: str, java_classes: dict[str, Path]
) -> None:
    import frida

    sink = RecordingSink()
    inst = Instrumentation(
        frida.get_local_device(), sink, AgentOptions(attach_timeout_s=0), source=agent_source
    )
    with pytest.raises(AgentError) as raised:
        inst.instrument(fixture_app.info)
    assert "did not finish within 0 s" in raised.value.message
    assert "runs uninstrumented" in raised.value.message
    # the abandoned attach may still be injecting (the process is traced meanwhile): once it is
    # done, the app runs on unharmed
    _wait_untraced(fixture_app.proc.pid)
    assert fixture_app.proc.poll() is None
    assert fixture_app.run("deviceId")  # and still answers, seen by no agent
    assert sink.calls() == []
    inst.close()

    # a deadline that is long enough changes nothing (another process: Frida keeps the
    # cancelled attach's half-made session in the first one)
    other = FixtureApp(java_classes)
    try:
        report = other.instrument(agent_source, attach_timeout_s=120)
        assert report.pid == other.info.pid and report.hooked
    finally:
        other.close()


def _traced(pid: int) -> bool:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("TracerPid:"):
                return line.split()[1] != "0"
    return False


def _wait_untraced(pid: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    calm = 0
    while calm < 5 and time.monotonic() < deadline:
        calm = 0 if _traced(pid) else calm + 1
        time.sleep(0.1)
    assert calm >= 5, "Frida's injection never finished"

"""events.jsonl: streamed, interned stacks, replayable, robust to a torn last line."""

from __future__ import annotations

import json
from pathlib import Path

from harness.model import CallEvent, Category, HookReport, MarkerEvent
from harness.run.eventlog import EventLog, read_events


def _call(seq: int, stack_id: int) -> CallEvent:
    return CallEvent(
        seq=seq,
        ts=1000.0 + seq,
        pid=42,
        process="com.x",
        thread="main",
        api="android.telephony.TelephonyManager.getDeviceId",
        category=Category.device_id,
        ret="86**********123",
        stack_id=stack_id,
    )


def _resolved(call: CallEvent, frames: list[str]) -> CallEvent:
    """A call as the agent session hands it over: its interned stack already resolved."""
    call.stack = frames
    return call


def test_lines_are_on_disk_before_close_and_calls_refer_to_their_stack(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    frames = ["com.qq.e.Sdk.init(Sdk.java:10)", "com.x.App.onCreate(App.java:5)"]
    log.stack(42, 1, frames)
    log.event(_resolved(_call(1, 1), frames))
    log.event(_resolved(_call(2, 1), frames))
    log.event(MarkerEvent(seq=3, ts=1003.0, pid=42, process="com.x", name="consent_accepted"))
    # Not closed yet: a crash of the controller now must not lose what was received.
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["type"] for line in lines] == ["stack", "call", "call", "marker"]
    assert "stack" not in lines[1] and lines[1]["stack_id"] == 1  # by id, not the frames again
    assert log.events[0].stack[0].startswith("com.qq.e.Sdk.init")
    log.close()


def test_replay_follows_a_pid_reused_by_a_later_process(tmp_path: Path) -> None:
    # The first process with pid 42 dies; a new one gets pid 42 and its agent numbers stacks
    # from 1 again. Each call must replay with the stack its own process sent.
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    log.stack(42, 1, ["com.old.A.a(A.java:1)"])
    log.event(_resolved(_call(1, 1), ["com.old.A.a(A.java:1)"]))
    log.stack(42, 1, ["com.new.B.b(B.java:2)"])
    log.event(_resolved(_call(1, 1), ["com.new.B.b(B.java:2)"]))
    log.close()
    replayed = [e for e in read_events(path) if isinstance(e, CallEvent)]
    assert [e.stack for e in replayed] == [["com.old.A.a(A.java:1)"], ["com.new.B.b(B.java:2)"]]


def test_replay_resolves_stacks_and_skips_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    log.stack(42, 7, ["a.B.c(B.java:1)"])
    log.event(_call(1, 7))
    log.hook_report(HookReport(process="com.x", pid=42, hooked=["telephony.getDeviceId"]))
    log.close()
    with path.open("a") as fh:
        fh.write('{"type": "call", "seq": 2, "ts"')  # the controller died mid-write
    events = list(read_events(path))
    assert len(events) == 1
    assert isinstance(events[0], CallEvent)
    assert events[0].stack == ["a.B.c(B.java:1)"]


def test_hook_report_keeps_the_latest_per_process(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events.jsonl")
    log.hook_report(HookReport(process="com.x", pid=1, hooked=["a"]))
    log.hook_report(HookReport(process="com.x:push", pid=2, hooked=["a"]))
    log.hook_report(HookReport(process="com.x", pid=1, hooked=["a", "b"]))
    log.close()
    assert sorted((r.pid, len(r.hooked)) for r in log.hook_reports) == [(1, 2), (2, 1)]

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


def test_lines_are_on_disk_before_close_and_stacks_are_written_once(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    log.stack(42, 1, ["com.qq.e.Sdk.init(Sdk.java:10)", "com.x.App.onCreate(App.java:5)"])
    log.stack(42, 1, ["ignored duplicate"])
    log.event(_call(1, 1))
    log.event(_call(2, 1))
    log.event(MarkerEvent(seq=3, ts=1003.0, pid=42, process="com.x", name="consent_accepted"))
    # Not closed yet: a crash of the controller now must not lose what was received.
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["type"] for line in lines] == ["stack", "call", "call", "marker"]
    assert "stack" not in lines[1]  # calls refer to the interned stack by id
    assert log.events[0].stack[0].startswith("com.qq.e.Sdk.init")
    log.close()


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

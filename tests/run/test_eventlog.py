"""events.jsonl: streamed, interned stacks, replayable, robust to a torn last line."""

from __future__ import annotations

import errno
import json
from pathlib import Path

from harness.masking import Scrubber
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


def test_a_batch_is_written_when_its_delivery_ends(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    with log.batch():
        log.stack(42, 1, ["a.B.c(B.java:1)"])
        log.event(_call(1, 1))
        assert path.read_text() == ""  # one write for the batch, not one per line
    assert [json.loads(line)["type"] for line in path.read_text().splitlines()] == ["stack", "call"]
    log.event(_call(2, 1))  # outside a batch: written at once
    assert len(path.read_text().splitlines()) == 3
    assert log.lines_written == 3
    log.close()


def test_a_batch_keeps_the_lines_pydantic_and_the_scrubber_gave(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events.jsonl")
    log.scrubber = Scrubber(["861234567890123"])
    leak = _call(1, 1)
    leak.args = ["imei=861234567890123", 'quote " and é']
    with log.batch():
        log.event(leak)
        log.event(_call(2, 1))
    log.close()
    expected = [
        log.scrubber.scrub(c.model_dump_json(exclude={"stack"})) for c in (leak, _call(2, 1))
    ]
    assert (tmp_path / "events.jsonl").read_text().splitlines() == expected
    assert "861234567890123" not in (tmp_path / "events.jsonl").read_text()


class _FillingFile:
    """A file on a disk that takes `room` more bytes: a short write, then ENOSPC."""

    def __init__(self, path: Path, room: int) -> None:
        self.path, self.room = path, room

    def write(self, data: bytes) -> int:
        if not self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        taken = data[: self.room]
        with self.path.open("ab") as fh:
            fh.write(taken)
        self.room -= len(taken)
        return len(taken)

    def close(self) -> None:
        pass


def test_a_full_disk_mid_batch_keeps_every_event_once(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    log.stack(42, 1, ["a.B.c(B.java:1)"])
    room = len(_call(1, 1).model_dump_json(exclude={"stack"}).encode()) + 1 + 10
    log._file = _FillingFile(path, room)  # type: ignore[assignment]  # the next line and a bit
    with log.batch():
        for seq in range(1, 5):
            log.event(_call(seq, 1))
    log.event(MarkerEvent(seq=5, ts=1005.0, pid=42, process="com.x", name="consent_accepted"))
    assert isinstance(log.write_error, OSError)
    assert log.lines_written == 2  # the stack and the first call; the second is cut off
    replayed = log.events
    assert [e.seq for e in replayed] == [1, 2, 3, 4, 5]  # on disk, then kept in memory
    assert all(e.stack == ["a.B.c(B.java:1)"] for e in replayed if isinstance(e, CallEvent))
    log.close()


def test_a_lone_surrogate_in_a_batch_loses_no_line(tmp_path: Path) -> None:
    # The wire replaces lone surrogates before the log; should one still reach it, the batch's
    # lines are written (the surrogate as a JSON escape) and it reads back as the same text.
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    odd = _call(1, 1)
    odd.thread = "worker-\udc80"
    with log.batch():
        log.stack(42, 1, ["a.B.c(B.java:1)"])
        log.event(odd)
        log.event(_call(2, 1))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["type"] for line in lines] == ["stack", "call", "call"]
    assert lines[1]["thread"] == "worker-\udc80"
    assert log.lines_written == 3
    log.close()

"""A sink that takes packed calls as records (`CallRecordSink`, issue #19) gets what a sink of
models gets: the same calls, in the same order, and the event log writes the same bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frida

from harness.agent.messages import CallRecord, call_of
from harness.agent.session import AgentOptions, Instrumentation, _Attached
from harness.device.base import ProcessInfo
from harness.masking import Scrubber
from harness.run.eventlog import EventLog, read_events
from tests.agent.conftest import RecordingSink
from tests.agent.packing import pack
from tests.agent.test_packed import CALL, VARIED


@dataclass
class RecordSink(RecordingSink):
    """Records the records it was given, beside everything else, in one order."""

    records: list[tuple[int, CallRecord]] = field(default_factory=list)

    def call(self, pid: int, record: CallRecord) -> None:
        self.records.append((pid, record))
        call = call_of(record, pid)
        if call.stack_id is not None:  # as the session resolves a model's
            call.stack = self.stacks.get((pid, call.stack_id), [])
        self.event(call)  # keeps the order with the other items


class ModelsOnly:
    """An EventLog seen through the plain EventSink: every call reaches it as a model."""

    def __init__(self, log: EventLog) -> None:
        self.log = log

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        self.log.stack(pid, stack_id, frames)

    def event(self, event: Any) -> None:
        self.log.event(event)

    def hook_report(self, report: Any) -> None:
        self.log.hook_report(report)


def _deliver(sink: object, items: list[dict[str, Any]]) -> None:
    inst = Instrumentation(frida.get_local_device(), sink, AgentOptions(), source="")  # type: ignore[arg-type]
    entry = _Attached(ProcessInfo(77, "com.attached"), None, None)
    envelope, data = pack(items, pid=10)  # the agent's pid: the attached one wins
    inst._on_message(entry, {"type": "send", "payload": envelope}, data)
    inst._raise_wire_error()


ITEMS = [
    *VARIED,
    {**CALL, "seq": 7, "values": []},
    {**CALL, "seq": 8, "values": [], "process": ""},  # the attached name: through the model
]


def test_records_and_models_give_the_same_calls() -> None:
    records, models = RecordSink(), RecordingSink()
    _deliver(records, ITEMS)
    _deliver(models, ITEMS)
    assert records.events == models.events
    # only calls without raw values and with a process name came as records
    assert [r[0] for _, r in records.records] == [5, 7]
    assert all(pid == 77 for pid, _ in records.records)


def test_the_event_log_writes_the_same_bytes_from_records(tmp_path: Path) -> None:
    scrubber = Scrubber(["1234567890abcdef", "ContentResolver"])
    files = []
    for name, wrap in (("records", lambda log: log), ("models", ModelsOnly)):
        log = EventLog(tmp_path / f"{name}.jsonl")
        log.scrubber = scrubber
        flood = [{**CALL, "seq": s, "values": []} for s in range(10, 30)]
        _deliver(wrap(log), [*ITEMS, *flood])
        log.close()
        assert log.call_count == 6 + 20
        files.append(log.path.read_bytes())
    assert files[0] == files[1]
    assert b"ContentResolver" not in files[0] and b"<Co**********ver>" in files[0]
    assert [e.seq for e in read_events(tmp_path / "records.jsonl")][-3:] == [27, 28, 29]

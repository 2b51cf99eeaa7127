"""An agent message's items reach a sink that has `batch()` inside one batch (the event log
writes them with one write when it ends, issue #19); a sink without it gets them one by one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import frida
import pytest

from harness.agent.session import AgentOptions, Instrumentation, _Attached
from harness.device.base import ProcessInfo
from harness.errors import AgentError
from tests.agent.conftest import RecordingSink
from tests.agent.packing import pack
from tests.agent.test_packed import CALL, MARKER, STACK


@dataclass
class BatchingSink(RecordingSink):
    """Records, beside each item, whether a batch was open when it arrived."""

    open_batches: int = 0
    seen: list[tuple[str, int]] = field(default_factory=list)

    @contextmanager
    def batch(self) -> Iterator[None]:
        self.open_batches += 1
        self.seen.append(("begin", self.open_batches))
        try:
            yield
        finally:
            self.open_batches -= 1
            self.seen.append(("end", self.open_batches))

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        self.seen.append(("stack", self.open_batches))
        super().stack(pid, stack_id, frames)

    def event(self, event: object) -> None:
        self.seen.append((type(event).__name__, self.open_batches))
        super().event(event)  # type: ignore[arg-type]


def _deliver(sink: RecordingSink, envelope: dict[str, object], data: bytes) -> None:
    inst = Instrumentation(frida.get_local_device(), sink, AgentOptions(), source="")
    entry = _Attached(ProcessInfo(10, "com.a"), None, None)
    inst._on_message(entry, {"type": "send", "payload": envelope}, data)
    inst._raise_wire_error()  # a message that broke the contract fails here, as at a flush


def test_a_message_is_one_batch_of_the_sink() -> None:
    sink = BatchingSink()
    _deliver(sink, *pack([STACK, CALL, {**CALL, "seq": 4}, MARKER]))
    assert sink.seen == [
        ("begin", 1),
        ("stack", 1),
        ("CallItem", 1),
        ("CallItem", 1),
        ("MarkerItem", 1),
        ("end", 0),
    ]


def test_a_malformed_message_still_closes_its_batch() -> None:
    sink = BatchingSink()
    envelope, data = pack([STACK, CALL, {**CALL, "seq": 4}])
    with pytest.raises(AgentError):
        _deliver(sink, {**envelope, "calls": 3}, data)  # more calls announced than sent
    assert sink.seen[0] == ("begin", 1) and sink.seen[-1] == ("end", 0)


def test_a_sink_without_batches_gets_the_items_as_before() -> None:
    sink = RecordingSink()
    _deliver(sink, *pack([STACK, CALL, MARKER]))
    assert [e.seq for e in sink.events] == [3, 9]

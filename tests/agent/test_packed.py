"""The packed batch (wire.ts BatchPackedMessage, what the agent sends): decoded into the same
models as the object form, and every malformed one refused as one error, never a partial batch."""

from __future__ import annotations

import json
import struct
from typing import Any

import frida
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from harness.agent.messages import (
    BatchMessage,
    CallItem,
    PackedBatchError,
    parse_message,
)
from harness.agent.session import AgentOptions, Instrumentation
from harness.device.base import ProcessInfo
from harness.errors import AgentError
from harness.model import MarkerEvent
from tests.agent.conftest import RecordingSink
from tests.agent.packing import pack
from tests.scripted_agent import scripted_agent, target

__all__ = ["target"]  # the fixture, used by name

CALL: dict[str, Any] = {
    "type": "call",
    "seq": 3,
    "ts": 1764662174123,
    "pid": 10,
    "process": "com.a",
    "thread": "main",
    "api": "android.provider.Settings$Secure.getString",
    "hook_id": "settings.android_id",
    "category": "android_id",
    "args": ["<ContentResolver>", "android_id"],
    "ret": "12***45",
    "threw": None,
    "denied": False,
    "stack_id": 1,
    "values": ["1234567890abcdef"],
}
STACK = {"type": "stack", "id": 1, "frames": ["a.B.c(B.java:1)"]}
MARKER = {"type": "marker", "seq": 9, "ts": 1.7e12, "pid": 10, "process": "com.a", "name": "m"}
VARIED = [
    STACK,
    CALL,
    {**CALL, "seq": 4, "ret": None, "threw": "java.lang.SecurityException: é 😀", "denied": True},
    MARKER,
    {**CALL, "seq": 5, "stack_id": None, "args": [], "values": [], "thread": "", "ret": ""},
    {**CALL, "seq": 6, "category": "serial", "args": ['"quoted"\n', "com.a"], "ts": 1.5},
]


def _items(message: object) -> list[Any]:
    assert isinstance(message, BatchMessage)
    return list(message.items)


def test_a_packed_batch_holds_the_same_items_as_a_batch() -> None:
    packed = _items(parse_message(*pack(VARIED)))
    plain = _items(parse_message({"type": "batch", "schema": 2, "items": VARIED}))
    assert [type(i) for i in packed] == [type(i) for i in plain]
    assert packed == plain
    # values are excluded from dumps: compared on their own
    assert [getattr(i, "values", None) for i in packed] == [
        getattr(i, "values", None) for i in plain
    ]
    assert [i.model_dump_json() for i in packed] == [i.model_dump_json() for i in plain]


def test_a_built_call_behaves_as_a_validated_one() -> None:
    (built,) = _items(parse_message(*pack([CALL])))
    validated = CallItem.model_validate(CALL)
    assert built == validated and repr(built) == repr(validated)
    assert built.model_fields_set == validated.model_fields_set
    built.pid = 77  # the session's assignments work as on any model
    built.stack = ["x.Y.z(Y.java:2)"]
    assert (built.pid, built.stack) == (77, ["x.Y.z(Y.java:2)"])
    assert CallItem.model_validate(CALL).pid == 10  # no state shared between models


def test_lone_surrogates_in_the_table_become_replacement_characters() -> None:
    envelope, data = pack([{**CALL, "ret": "x\udc00", "args": ["\ud83d"]}])
    (call,) = _items(parse_message(envelope, data))
    assert (call.ret, call.args) == ("x\ufffd", ["\ufffd"])


def _words(items: list[dict[str, Any]]) -> tuple[dict[str, Any], list[float], list[int]]:
    envelope, data = pack(items)
    head = 16 * envelope["calls"]
    numbers = list(struct.unpack(f"<{head // 8}d", data[:head]))
    words = list(struct.unpack(f"<{(len(data) - head) // 4}i", data[head:]))
    return envelope, numbers, words


def _repacked(envelope: dict[str, Any], numbers: list[float], words: list[int]) -> Any:
    data = struct.pack(f"<{len(numbers)}d{len(words)}i", *numbers, *words)
    return {**envelope, "size": len(data)}, data


def _broken(change: str) -> tuple[dict[str, Any], bytes]:
    envelope, numbers, words = _words([STACK, CALL])
    # words: [0, 1, process, thread, api, hook, category, ret, threw, denied, stack, n, a0, a1,
    #         m, v0]
    if change == "negative":
        words[3] = -1
    elif change == "kind":
        words[1] = 2
    elif change == "index":
        words[4] = 99
    elif change == "category":
        words[6] = words[2]  # "com.a" is not a category
    elif change == "denied":
        words[9] = 2
    elif change == "arg count":
        words[11] = 40
    elif change == "value count":
        words[14] = 5
    elif change == "seq":
        numbers[0] = 1.5
    elif change == "ts":
        numbers[1] = float("nan")
    elif change == "calls":
        envelope = {**envelope, "calls": 0}
        numbers = []
    elif change == "more items":
        envelope = {**envelope, "items": [STACK, STACK]}
    elif change == "fewer items":
        words = [0, *words]
    elif change == "truncated":
        words = words[:8]
    return _repacked(envelope, numbers, words)


@pytest.mark.parametrize(
    "change",
    [
        "negative",
        "kind",
        "index",
        "category",
        "denied",
        "arg count",
        "value count",
        "seq",
        "ts",
        "calls",
        "more items",
        "fewer items",
        "truncated",
    ],
)
def test_a_malformed_packed_batch_is_one_error(change: str) -> None:
    assert _items(parse_message(*_broken("none")))  # the unchanged batch decodes
    with pytest.raises(PackedBatchError, match="the agent's packed batch is malformed"):
        parse_message(*_broken(change))


def test_the_envelope_keeps_the_contract() -> None:
    envelope, data = pack([CALL])
    with pytest.raises(PackedBatchError, match="99 bytes announced"):
        parse_message({**envelope, "size": 99}, data)
    with pytest.raises(PackedBatchError, match="announced"):
        parse_message(envelope, None)
    with pytest.raises(ValidationError, match="colour"):
        parse_message({**envelope, "colour": "red"}, data)
    with pytest.raises(ValidationError):
        parse_message({**envelope, "strings": [1, 2]}, data)
    with pytest.raises(ValidationError):
        parse_message({**envelope, "calls": -1}, data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.integers(0, 30), st.lists(st.text(max_size=5), max_size=6))
def test_any_bytes_are_a_batch_or_one_error(data: bytes, calls: int, strings: list[str]) -> None:
    envelope = {
        "type": "batch_packed",
        "schema": 2,
        "pid": 1,
        "calls": calls,
        "size": len(data),
        "strings": strings + ["serial"],
        "items": [STACK],
    }
    try:
        parse_message(envelope, data)
    except AgentError:
        pass


# --- through the session: a scripted agent sends the packed bytes over Frida ---------------


def _packed_agent(envelope: dict[str, Any], data: bytes) -> str:
    body = json.dumps(list(data))
    # Sent once (the close's flush sends nothing more).
    return scripted_agent(
        f"if (globalThis.sent) return; globalThis.sent = true; "
        f"send({json.dumps(envelope)}, new Uint8Array({body}).buffer);"
    )


def _instrumentation(source: str, sink: RecordingSink) -> Instrumentation:
    return Instrumentation(frida.get_local_device(), sink, AgentOptions(), source=source)


def test_a_packed_batch_reaches_the_sink(target: ProcessInfo) -> None:
    sink = RecordingSink()
    inst = _instrumentation(_packed_agent(*pack(VARIED, pid=1)), sink)
    inst.instrument(target)
    inst.flush()
    calls = sink.calls()
    assert [(c.seq, c.pid, c.process) for c in calls] == [
        (3, target.pid, "com.a"),
        (4, target.pid, "com.a"),
        (5, target.pid, "com.a"),
        (6, target.pid, "com.a"),
    ]
    assert calls[0].stack == ["a.B.c(B.java:1)"] and calls[2].stack == []
    assert all(c.values == [] for c in calls)  # raw values never go beyond the matcher
    assert [e.name for e in sink.events if isinstance(e, MarkerEvent)] == ["m"]
    assert inst.problems == []
    inst.close()


def test_a_malformed_packed_batch_is_one_problem_and_fails_the_flush(target: ProcessInfo) -> None:
    envelope, numbers, words = _words([STACK, CALL, {**CALL, "seq": 4}])
    words[-9] = 99  # the second call's ret: outside the table
    sink = RecordingSink()
    inst = _instrumentation(_packed_agent(*_repacked(envelope, numbers, words)), sink)
    inst.instrument(target)
    with pytest.raises(AgentError, match="the agent's packed batch is malformed"):
        inst.flush()
    # What came before the broken record was delivered; the error is kept, once.
    assert [c.seq for c in sink.calls()] == [3]
    assert len(inst.problems) == 1
    inst.close()

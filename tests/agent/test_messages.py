"""Parsing the agent's wire messages into the stored event models; what the contract refuses."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from harness.agent.messages import (
    MESSAGE,
    AgentStats,
    BatchMessage,
    HookReportMessage,
    PayloadMessage,
    StackItem,
    WireSchemaError,
    parse_init_reply,
    parse_message,
)
from harness.errors import AgentError, ExitCode
from harness.model import CallEvent, MarkerEvent

CALL = {
    "type": "call",
    "seq": 3,
    "ts": 1.7e12,
    "pid": 10,
    "process": "com.a",
    "thread": "main",
    "api": "android.telephony.TelephonyManager.getDeviceId",
    "hook_id": "telephony.getDeviceId",
    "category": "device_id",
    "args": [],
    "ret": "86**********123",
    "threw": None,
    "denied": False,
    "stack_id": 1,
    "values": [],
}


def test_batch_items_become_stack_call_and_marker_models() -> None:
    msg = MESSAGE.validate_python(
        {
            "type": "batch",
            "schema": 2,
            "items": [
                {"type": "stack", "id": 1, "frames": ["a.B.c(B.java:1)"]},
                CALL,
                {
                    "type": "marker",
                    "seq": 4,
                    "ts": 1.7e12,
                    "pid": 10,
                    "process": "com.a",
                    "name": "m",
                },
            ],
        }
    )
    assert isinstance(msg, BatchMessage)
    stack, call, marker = msg.items
    assert isinstance(stack, StackItem) and stack.frames == ["a.B.c(B.java:1)"]
    assert isinstance(call, CallEvent) and call.category.value == "device_id" and call.stack_id == 1
    assert isinstance(marker, MarkerEvent) and marker.name == "m"


def test_hook_report_message() -> None:
    msg = MESSAGE.validate_python(
        {
            "type": "hook_report",
            "schema": 2,
            "pid": 1,
            "process": "p",
            "hooked": ["x"],
            "missing": [{"id": "y", "reason": "class not found"}],
            "failed": [],
        }
    )
    assert isinstance(msg, HookReportMessage) and msg.missing[0].reason == "class not found"


def test_unknown_category_or_type_is_rejected() -> None:
    with pytest.raises(ValidationError):
        MESSAGE.validate_python({"type": "batch", "schema": 2, "items": [CALL | {"category": "x"}]})
    with pytest.raises(ValidationError):
        MESSAGE.validate_python({"type": "nope", "schema": 2})


def test_lone_surrogates_from_java_strings_become_replacement_characters() -> None:
    # A Java string may hold half a surrogate pair (clipboard text, an obfuscated class name):
    # kept as is, it would make every UTF-8 output (events.jsonl, report.json, XML) fail.
    msg = parse_message(
        {
            "type": "batch",
            "schema": 2,
            "items": [
                {"type": "stack", "id": 1, "frames": ["a.\ud800B.c(B.java:1)"]},
                {**CALL, "ret": "x\udc00 😀", "args": ["\ud83d"]},
            ],
        }
    )
    assert isinstance(msg, BatchMessage)
    stack, call = msg.items
    assert isinstance(stack, StackItem) and stack.frames == ["a.\ufffdB.c(B.java:1)"]
    assert isinstance(call, CallEvent) and call.ret == "x\ufffd 😀"
    assert call.args == ["\ufffd"]
    assert "\ufffd" in call.model_dump_json()  # serialises (it raised on the lone surrogate)


MARKER = {"type": "marker", "seq": 4, "ts": 1.7e12, "pid": 10, "process": "com.a", "name": "m"}
STACK = {"type": "stack", "id": 1, "frames": ["a.B.c(B.java:1)"]}
REPORT = {
    "type": "hook_report",
    "schema": 2,
    "pid": 1,
    "process": "p",
    "hooked": [],
    "missing": [],
    "failed": [],
}


def _batch(*items: object, schema: object = 2) -> dict[str, object]:
    return {"type": "batch", "schema": schema, "items": list(items)}


def test_another_schema_version_is_refused_naming_both() -> None:
    with pytest.raises(WireSchemaError) as info:
        parse_message(_batch(CALL, schema=99))
    error = info.value
    assert isinstance(error, AgentError) and error.exit_code == ExitCode.AGENT
    assert "agent speaks wire schema 99 (in its message), this controller speaks 2" in str(error)
    assert "harness setup" in str(error)
    with pytest.raises(WireSchemaError, match=r"wire schema 99 \(in its init reply\)"):
        parse_init_reply(REPORT | {"schema": 99})
    with pytest.raises(WireSchemaError, match="agent speaks no wire schema"):
        parse_message({"type": "agent_error", "message": "m", "detail": ""})
    with pytest.raises(WireSchemaError, match="wire schema True"):
        parse_message(_batch(CALL, schema=True))  # == 1 in Python, not the version


@pytest.mark.parametrize(
    "payload",
    [
        _batch(CALL | {"colour": "red"}),
        _batch(MARKER | {"colour": "red"}),
        _batch(STACK | {"colour": "red"}),
        _batch(CALL) | {"colour": "red"},
        REPORT | {"colour": "red"},
        {"type": "agent_error", "schema": 2, "message": "m", "detail": "", "colour": "red"},
        REPORT | {"missing": [{"id": "x", "reason": "r", "colour": "red"}]},
    ],
)
def test_an_unknown_field_is_refused(payload: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="colour"):
        parse_message(payload)


def test_the_stack_is_the_controllers_to_fill_not_the_agents() -> None:
    with pytest.raises(ValidationError, match="stack"):
        parse_message(_batch(CALL | {"stack": ["forged.Frame.x(X.java:1)"]}))
    (call,) = parse_message(_batch(CALL)).items  # type: ignore[union-attr]
    assert isinstance(call, CallEvent) and call.stack == []
    assert "stack" in call.model_dump()  # still the stored model's field


def test_a_missing_field_is_refused() -> None:
    with pytest.raises(ValidationError, match="frames"):
        parse_message(_batch({"type": "stack", "id": 1}))
    with pytest.raises(ValidationError, match="failed"):
        parse_message({k: v for k, v in REPORT.items() if k != "failed"})


def test_agent_stats_are_exactly_the_agents_counters() -> None:
    stats = {"events": 3, "markers": 1, "batches": 2, "stacks": 1, "dropped": 0, "pending": 0}
    assert AgentStats.model_validate(stats).markers == 1
    with pytest.raises(ValidationError):
        AgentStats.model_validate(stats | {"lost": 0})
    with pytest.raises(ValidationError):
        AgentStats.model_validate({k: v for k, v in stats.items() if k != "markers"})


def test_a_payload_of_several_parts_splits_into_its_bodies() -> None:
    base = {"type": "payload", "schema": 2, "pid": 1, "seq": 4, "size": 5}
    one = parse_message(base)
    assert isinstance(one, PayloadMessage) and one.bodies(b"abcde") == [(4, b"abcde")]
    assert one.bodies(b"abcd") is None  # not the size announced
    many = parse_message(base | {"parts": [{"seq": 4, "size": 2}, {"seq": 9, "size": 3}]})
    assert isinstance(many, PayloadMessage)
    assert many.bodies(b"abcde") == [(4, b"ab"), (9, b"cde")]
    short = parse_message(base | {"parts": [{"seq": 4, "size": 2}]})
    assert isinstance(short, PayloadMessage) and short.bodies(b"abcde") is None
    with pytest.raises(ValidationError, match="colour"):
        parse_message(base | {"parts": [{"seq": 4, "size": 5, "colour": "red"}]})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        parse_message(base | {"parts": [{"seq": 4, "size": -1}, {"seq": 5, "size": 6}]})


# --- batch_json: the items as the message's binary data (what the agent sends, issue #19) ---


def _as_json_batch(items: list[dict[str, object]]) -> tuple[dict[str, object], bytes]:
    # What the agent's Outbox sends: JSON.stringify's text (lone surrogates as escapes), UTF-8.
    data = json.dumps(items, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if b"\xed" in data:  # a lone surrogate: written as JSON.stringify would, an escape
        data = json.dumps(items).encode()
    return {"type": "batch_json", "schema": 2, "size": len(data)}, data


def test_a_json_batch_holds_the_same_items_as_a_batch() -> None:
    items = [STACK, {**CALL, "args": ["é 😀"]}, MARKER]
    envelope, data = _as_json_batch(items)
    fast = parse_message(envelope, data)
    slow = parse_message({"type": "batch", "schema": 2, "items": items})
    assert isinstance(fast, BatchMessage) and isinstance(slow, BatchMessage)
    assert [i.model_dump() for i in fast.items] == [i.model_dump() for i in slow.items]
    assert [type(i) for i in fast.items] == [type(i) for i in slow.items]


def test_lone_surrogate_escapes_in_a_json_batch_become_replacement_characters() -> None:
    items = [{**CALL, "ret": "x\udc00 😀", "args": ["\ud83d", "\\ud800 is text"]}]
    envelope, data = _as_json_batch(items)
    assert b"\\udc00" in data  # the fast parser refuses this escape: the slow path takes it
    msg = parse_message(envelope, data)
    assert isinstance(msg, BatchMessage)
    call = msg.items[0]
    assert isinstance(call, CallEvent)
    assert call.ret == "x\ufffd 😀" and call.args == ["\ufffd", "\\ud800 is text"]


def test_a_json_batch_keeps_the_contract() -> None:
    envelope, data = _as_json_batch([{**CALL, "colour": "red"}])
    with pytest.raises(ValidationError, match="colour"):
        parse_message(envelope, data)
    envelope, data = _as_json_batch([CALL])
    with pytest.raises(ValidationError):  # not JSON
        parse_message({**envelope, "size": 5}, b"[{,]}")
    with pytest.raises(AgentError, match="announced 99 bytes and carried"):
        parse_message({**envelope, "size": 99}, data)
    with pytest.raises(AgentError, match="carried 0"):
        parse_message(envelope, None)
    with pytest.raises(WireSchemaError):
        parse_message({**envelope, "schema": 3}, data)
    with pytest.raises(ValidationError):  # the envelope is strict too
        parse_message({**envelope, "items": []}, data)

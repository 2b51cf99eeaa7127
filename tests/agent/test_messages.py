"""Parsing the agent's wire messages into the stored event models."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from harness.agent.messages import (
    MESSAGE,
    BatchMessage,
    HookReportMessage,
    StackItem,
    parse_message,
)
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
}


def test_batch_items_become_stack_call_and_marker_models() -> None:
    msg = MESSAGE.validate_python(
        {
            "type": "batch",
            "schema": 1,
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
            "schema": 1,
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
        MESSAGE.validate_python({"type": "batch", "schema": 1, "items": [CALL | {"category": "x"}]})
    with pytest.raises(ValidationError):
        MESSAGE.validate_python({"type": "nope", "schema": 1})


def test_lone_surrogates_from_java_strings_become_replacement_characters() -> None:
    # A Java string may hold half a surrogate pair (clipboard text, an obfuscated class name):
    # kept as is, it would make every UTF-8 output (events.jsonl, report.json, XML) fail.
    msg = parse_message(
        {
            "type": "batch",
            "schema": 1,
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

"""An agent that breaks the wire contract fails the instrumentation clearly, never silently.

The agents here are tiny hand-written scripts (plain JavaScript, so they can say what the real
agent's compiler would refuse) loaded into a local Python process.
"""

from __future__ import annotations

import json

import frida
import pytest

from harness.agent.session import AgentOptions, Instrumentation
from harness.device.base import ProcessInfo
from harness.errors import AgentError
from tests.agent.conftest import RecordingSink
from tests.scripted_agent import HOOK_REPORT, scripted_agent, target

__all__ = ["target"]  # the fixture, used by name

CALL = {
    "type": "call",
    "seq": 1,
    "ts": 1.7e12,
    "pid": 1,
    "process": "p",
    "thread": "main",
    "api": "a.B.c",
    "hook_id": "b.c",
    "category": "serial",
    "args": [],
    "ret": None,
    "threw": None,
    "denied": False,
    "stack_id": None,
    "values": [],
}


def _agent(init_schema: object, on_flush: object) -> str:
    """An agent whose init reply carries `init_schema` and whose flush() sends `on_flush`."""
    reply = HOOK_REPORT | {"schema": init_schema}
    return scripted_agent(f"send({json.dumps(on_flush)});", reply=reply)


def _instrumentation(source: str, sink: RecordingSink) -> Instrumentation:
    return Instrumentation(frida.get_local_device(), sink, AgentOptions(), source=source)


def test_an_agent_of_another_schema_cannot_be_loaded(target: ProcessInfo) -> None:
    inst = _instrumentation(_agent(99, {}), RecordingSink())
    with pytest.raises(AgentError) as info:
        inst.instrument(target)
    text = str(info.value)
    assert "agent speaks wire schema 99 (in its init reply), this controller speaks 2" in text
    assert "harness setup" in text
    inst.close()


def test_a_message_of_another_schema_fails_the_flush(target: ProcessInfo) -> None:
    sink = RecordingSink()
    inst = _instrumentation(_agent(2, {"type": "batch", "schema": 99, "items": [CALL]}), sink)
    inst.instrument(target)
    with pytest.raises(AgentError) as info:
        inst.flush()
    assert str(info.value).startswith(
        f"com.example.wire (pid {target.pid}): agent speaks wire schema 99 (in its message), "
        "this controller speaks 2: rebuild the agent with `harness setup`"
    )
    with pytest.raises(AgentError, match="wire schema 99"):
        inst.flush()  # for good: the events it carried are lost
    assert sink.calls() == []
    assert [p.message for p in inst.problems][:1] == [
        "agent speaks wire schema 99 (in its message), this controller speaks 2: "
        "rebuild the agent with `harness setup`"
    ]
    inst.close()  # never raises


def test_a_message_with_an_unknown_field_fails_the_flush(target: ProcessInfo) -> None:
    sink = RecordingSink()
    batch = {"type": "batch", "schema": 2, "items": [CALL | {"colour": "red"}]}
    inst = _instrumentation(_agent(2, batch), sink)
    inst.instrument(target)
    with pytest.raises(AgentError) as info:
        inst.flush()
    assert str(info.value).startswith(
        f"com.example.wire (pid {target.pid}): the agent's message is outside the wire "
        "contract: batch.items.0.call.colour: Extra inputs are not permitted"
    )
    assert sink.calls() == []
    assert "colour" in inst.problems[0].detail  # pydantic's full account, bounded
    inst.close()


def test_a_reply_outside_the_contract_fails_the_flush(target: ProcessInfo) -> None:
    inst = _instrumentation(_agent(2, {"type": "batch", "schema": 2, "items": []}), RecordingSink())
    inst.instrument(target)
    assert [m.seq for m in inst.mark("consent_accepted")] == [1]  # {seq, ts}: in the contract
    inst.flush()
    assert inst.agent_stats() == {}  # this agent's stats() answers {}
    with pytest.raises(AgentError, match=r"stats reply is outside the wire contract: events: "):
        inst.flush()
    inst.close()


def _json_batch_agent(items: list[dict[str, object]], announce: int | None = None) -> str:
    """An agent whose flush() sends `items` as a batch_json message (the real agent's form),
    announcing `announce` bytes (None: the true size)."""
    text = json.dumps(items)
    size = len(text) if announce is None else announce
    envelope = {"type": "batch_json", "schema": 2, "size": size}
    return _agent(2, {}).replace(
        f"send({json.dumps({})});",
        f"send({json.dumps(envelope)}, Memory.allocUtf8String({json.dumps(text)})"
        f".readByteArray({len(text)}));",
    )


def test_a_json_batch_reaches_the_sink(target: ProcessInfo) -> None:
    sink = RecordingSink()
    inst = _instrumentation(_json_batch_agent([CALL, CALL | {"seq": 2}]), sink)
    inst.instrument(target)
    inst.flush()
    assert [(c.seq, c.pid, c.process) for c in sink.calls()] == [
        (1, target.pid, "p"),
        (2, target.pid, "p"),
    ]
    assert inst.problems == []
    inst.close()


def test_a_json_batch_of_other_bytes_than_announced_fails_the_flush(target: ProcessInfo) -> None:
    sink = RecordingSink()
    inst = _instrumentation(_json_batch_agent([CALL], announce=7), sink)
    inst.instrument(target)
    with pytest.raises(AgentError, match="batch announced 7 bytes and carried"):
        inst.flush()
    assert sink.calls() == []
    inst.close()

"""The agent's wire format (agent -> controller), parsed with pydantic.

Every payload the agent `send()`s is one of these, discriminated by `type` and carrying the schema
version it was written for. Calls and markers are parsed straight into the stored event models
(`harness.model.CallEvent` / `MarkerEvent`); stacks are interned per process and sent once, before
the first call that refers to them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from harness.model import CallEvent, HookFailure, MarkerEvent
from harness.untrusted import without_lone_surrogates

WIRE_SCHEMA = 1


class StackItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: Literal["stack"] = "stack"
    id: int
    frames: list[str]


BatchItem = Annotated[StackItem | CallEvent | MarkerEvent, Field(discriminator="type")]


class BatchMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: Literal["batch"] = "batch"
    schema_: int = Field(alias="schema")
    items: list[BatchItem]


class HookReportMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: Literal["hook_report"] = "hook_report"
    schema_: int = Field(alias="schema")
    pid: int
    process: str
    hooked: list[str] = Field(default_factory=list)
    missing: list[HookFailure] = Field(default_factory=list)
    failed: list[HookFailure] = Field(default_factory=list)


class AgentLogMessage(BaseModel):
    """Something the agent wants the operator to know that is not an event (a hook that broke)."""

    model_config = ConfigDict(extra="ignore")

    type: Literal["agent_error"] = "agent_error"
    schema_: int = Field(alias="schema")
    message: str
    detail: str = ""


Message = Annotated[BatchMessage | HookReportMessage | AgentLogMessage, Field(discriminator="type")]
MESSAGE = TypeAdapter(Message)


def parse_message(payload: Any) -> Message:
    """One `send()` payload; raises pydantic's ValidationError when it is not one of ours.

    Java strings (UI text, clipboard, obfuscated class names) may hold half a surrogate pair,
    which no UTF-8 output (events.jsonl, report.json, XML) can encode: it becomes U+FFFD here.
    """
    return MESSAGE.validate_python(without_lone_surrogates(payload))


class AgentStats(BaseModel):
    """What an agent reports from its `stats()` RPC export."""

    model_config = ConfigDict(extra="ignore")

    events: int = 0
    batches: int = 0
    stacks: int = 0
    dropped: int = 0
    pending: int = 0

"""The agent's wire contract (agent -> controller messages, RPC replies), parsed with pydantic.

The TypeScript side is `hooks/src/wire.ts`; `tests/agent/test_wire.py` keeps the two in step.
Every payload the agent `send()`s is one of the messages below, discriminated by `type` and
carrying the schema version it was written for: another version is refused with both versions
named (`WireSchemaError`), an unknown field is a validation error, never silently dropped.
Calls and markers are parsed straight into (subclasses of) the stored event models
(`harness.model.CallEvent` / `MarkerEvent`), so a batch costs one validation and no copy; stacks
are interned per process and sent once, before the first call that refers to them.
"""

from __future__ import annotations

import array
import json
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.json_schema import SkipJsonSchema

from harness.attribution.frames import format_frame
from harness.errors import AgentError
from harness.model import CallEvent, Category, MarkerEvent, ProbeEvent, SendEvent, SentValue
from harness.model import HookFailure as StoredHookFailure
from harness.untrusted import without_lone_surrogates

WIRE_SCHEMA = 2  # hooks/src/wire.ts SCHEMA

_STRICT = ConfigDict(extra="forbid")
# The name under which a controller-filled field would have to arrive: none the agent sends, so
# with extra="forbid" the agent cannot send the field at all.
_NOT_ON_THE_WIRE = "(filled by the controller)"


class WireSchemaError(AgentError):
    """The agent was built for another wire schema than this controller's."""


class JavaFrame(BaseModel):
    """One Java frame as separate fields (wire.ts JavaFrame): never split from a string, since
    every name is the app's; `cut` when the agent clipped one of them."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    class_: str = Field(alias="class")
    method: str
    file: str | None
    line: int
    cut: bool

    def text(self) -> str:
        return format_frame(self.class_, self.method, self.file, self.line, self.cut)


class StackItem(BaseModel):
    model_config = _STRICT

    type: Literal["stack"]
    id: int
    frames: list[JavaFrame | str]  # a string is a native frame (symbol)

    def texts(self) -> list[str]:
        """The frames as stored (harness.attribution.frames reads them back unambiguously)."""
        return [f if isinstance(f, str) else f.text() for f in self.frames]


class CallItem(CallEvent):
    """A call as the agent sends it: the stored `CallEvent`, which it is, without `stack`."""

    model_config = _STRICT

    stack: SkipJsonSchema[list[str]] = Field(
        default_factory=list, validation_alias=_NOT_ON_THE_WIRE
    )

    # Raw values of the return, for in-memory matching only (issue #11): excluded from every
    # dump and repr, so no stored form (events.jsonl, reports) can hold them.
    values: list[str] = Field(repr=False, exclude=True)


class Header(BaseModel):
    """One request header as the app set it (raw: in memory only)."""

    model_config = _STRICT

    name: str
    value: str


class SendItem(SendEvent):
    """A transmission as the agent sends it: the stored `SendEvent` fields the agent knows, plus
    the raw URL and headers for in-memory matching (excluded from every dump and repr); the
    controller fills `path`, `stack`, `values`, `excerpt` and `notes`."""

    model_config = _STRICT

    url: str = Field(repr=False, exclude=True)
    headers: list[Header] = Field(repr=False, exclude=True)
    payload: bool = Field(exclude=True)
    truncated: bool = Field(exclude=True)
    path: SkipJsonSchema[str] = Field(default="", validation_alias=_NOT_ON_THE_WIRE)
    stack: SkipJsonSchema[list[str]] = Field(
        default_factory=list, validation_alias=_NOT_ON_THE_WIRE
    )
    values: SkipJsonSchema[list[SentValue]] = Field(
        default_factory=list, validation_alias=_NOT_ON_THE_WIRE
    )
    excerpt: SkipJsonSchema[str] = Field(default="", validation_alias=_NOT_ON_THE_WIRE)
    notes: SkipJsonSchema[list[str]] = Field(
        default_factory=list, validation_alias=_NOT_ON_THE_WIRE
    )


class MarkerItem(MarkerEvent):
    model_config = _STRICT


class ProbeItem(ProbeEvent):
    """An instrumentation probe as the agent sends it: the stored `ProbeEvent` without `stack`."""

    model_config = _STRICT

    stack: SkipJsonSchema[list[str]] = Field(
        default_factory=list, validation_alias=_NOT_ON_THE_WIRE
    )


BatchItem = Annotated[
    StackItem | CallItem | SendItem | MarkerItem | ProbeItem, Field(discriminator="type")
]


class BatchMessage(BaseModel):
    model_config = _STRICT

    type: Literal["batch"]
    schema_: Literal[2] = Field(alias="schema")
    items: list[BatchItem]


class BatchJsonMessage(BaseModel):
    """A batch whose items are the message's binary data, the UTF-8 JSON text of the items
    (what the agent sends): `parse_message` validates those bytes with pydantic-core in one
    pass, no Python dicts built on the way, and returns the `BatchMessage` they hold (issue #19:
    the per-event cost of the controller)."""

    model_config = _STRICT

    type: Literal["batch_json"]
    schema_: Literal[2] = Field(alias="schema")
    size: int = Field(ge=0)  # bytes attached


MAX_PACKED_STRINGS = 1_000_000  # a batch's own string table: far more than it can use


class BatchPackedMessage(BaseModel):
    """A batch in its compact form (what the agent sends; wire.ts BatchPackedMessage): the
    calls are records of numbers in the binary data, their strings indices into `strings`;
    `parse_message` decodes them into the `BatchMessage` they hold (`packed_items`)."""

    model_config = _STRICT

    type: Literal["batch_packed"]
    schema_: Literal[2] = Field(alias="schema")
    pid: int
    calls: int = Field(ge=0)
    size: int = Field(ge=0)  # bytes attached
    strings: list[str] = Field(max_length=MAX_PACKED_STRINGS)
    items: list[BatchItem]


class HookFailure(StoredHookFailure):
    model_config = _STRICT


class HookReportMessage(BaseModel):
    """Sent after init and whenever app-side hooks land; also what the `init` RPC returns."""

    model_config = _STRICT

    type: Literal["hook_report"]
    schema_: Literal[2] = Field(alias="schema")
    pid: int
    process: str
    hooked: list[str]
    missing: list[HookFailure]
    failed: list[HookFailure]


class AgentErrorMessage(BaseModel):
    """Something the agent wants the operator to know that is not an event (a hook that broke)."""

    model_config = _STRICT

    type: Literal["agent_error"]
    schema_: Literal[2] = Field(alias="schema")
    message: str
    detail: str


class PayloadPart(BaseModel):
    """One body of a PayloadMessage that carries several: its SendItem's seq, its length."""

    model_config = _STRICT

    seq: int
    size: int = Field(ge=0)


MAX_PAYLOAD_PARTS = 10_000  # more than a batch can hold SendItems


class PayloadMessage(BaseModel):
    """The body of the SendItem with the same pid and seq; the bytes are the message's data.

    With `parts`: the bodies of several SendItems back to back, in that order (`seq` is the
    first part's, `size` their sum), so that the agent makes one `send()` per batch."""

    model_config = _STRICT

    type: Literal["payload"]
    schema_: Literal[2] = Field(alias="schema")
    pid: int
    seq: int
    size: int
    parts: list[PayloadPart] | None = Field(None, max_length=MAX_PAYLOAD_PARTS)

    def bodies(self, data: bytes) -> list[tuple[int, bytes]] | None:
        """(seq, body) of each part (or of the one body); None when the sizes do not add up."""
        if len(data) != self.size:
            return None
        if self.parts is None:
            return [(self.seq, data)]
        if sum(p.size for p in self.parts) != len(data):
            return None
        view = memoryview(data)
        out = []
        at = 0
        for part in self.parts:
            out.append((part.seq, bytes(view[at : at + part.size])))
            at += part.size
        return out


Message = Annotated[
    BatchMessage
    | BatchJsonMessage
    | BatchPackedMessage
    | HookReportMessage
    | AgentErrorMessage
    | PayloadMessage,
    Field(discriminator="type"),
]
MESSAGE: TypeAdapter[Message] = TypeAdapter(Message)
BATCH_ITEMS: TypeAdapter[list[BatchItem]] = TypeAdapter(list[BatchItem])


# --- RPC ---------------------------------------------------------------------------------


class InitOptions(BaseModel):
    """The argument of the `init` RPC."""

    model_config = _STRICT

    process: str
    pid: int
    raw_values: bool
    batch_size: int
    flush_ms: int
    app_package: str


class MarkReply(BaseModel):
    model_config = _STRICT

    seq: int
    ts: float


class AgentStats(BaseModel):
    """What an agent reports from its `stats()` RPC export."""

    model_config = _STRICT

    events: int
    markers: int
    batches: int
    stacks: int
    dropped: int  # always 0: the agent never drops; kept so that a change would show
    pending: int


@dataclass(frozen=True)
class Rpc:
    params: tuple[type, ...]
    reply: type[BaseModel] | None


# The agent's RPC exports (wire.ts `AgentRpc`): what each takes and returns.
RPC: dict[str, Rpc] = {
    "init": Rpc((InitOptions,), HookReportMessage),
    "mark": Rpc((str,), MarkReply),
    "flush": Rpc((), None),
    "stats": Rpc((), AgentStats),
    "dispose": Rpc((), None),  # Frida's own: called when the script unloads
}


def check_schema(payload: Any, what: str = "message") -> None:
    """Refuse a payload written for another wire schema, naming both versions."""
    if not isinstance(payload, dict):
        return  # not an envelope at all: validation names what is wrong
    version = payload.get("schema")
    if version == WIRE_SCHEMA and type(version) is int:
        return
    theirs = "no wire schema" if version is None else f"wire schema {str(version)[:20]}"
    raise WireSchemaError(
        f"agent speaks {theirs} (in its {what}), this controller speaks {WIRE_SCHEMA}: "
        "rebuild the agent with `harness setup`",
        hint="the agent and the controller come from different builds "
        "(from a wheel: reinstall it; HARNESS_AGENT_BUNDLE: rebuild that bundle)",
    )


def parse_message(payload: Any, data: bytes | None = None) -> Message:
    """One `send()` payload (`data`: its binary data); a `BatchJsonMessage` comes back as the
    `BatchMessage` its data holds.

    Raises `WireSchemaError` for another schema version, pydantic's ValidationError when the
    payload is not one of ours. Java strings (UI text, clipboard, obfuscated class names) may
    hold half a surrogate pair, which no UTF-8 output (events.jsonl, report.json, XML) can
    encode: it becomes U+FFFD here.
    """
    check_schema(payload)
    if isinstance(payload, dict) and payload.get("type") == "batch_json":
        envelope = BatchJsonMessage.model_validate(payload)  # three numbers: no walk needed
        body = data or b""
        if len(body) != envelope.size:
            raise AgentError(
                f"the agent's batch announced {envelope.size} bytes and carried {len(body)}",
                hint="rebuild the agent with `harness setup`",
            )
        items = batch_items(body)  # validated: the envelope needs no second pass
        return BatchMessage.model_construct(type="batch", schema_=2, items=items)
    parsed = MESSAGE.validate_python(without_lone_surrogates(payload))
    if isinstance(parsed, BatchPackedMessage):
        return BatchMessage.model_construct(
            type="batch", schema_=2, items=packed_items(parsed, data or b"")
        )
    return parsed


def batch_items(data: bytes) -> list[BatchItem]:
    """A BatchJsonMessage's items. pydantic-core parses the JSON itself; it refuses a lone
    surrogate's escape (JSON.stringify writes one as `\\udXXX`), and only then is the text
    parsed by `json` and walked, so that the surrogate becomes U+FFFD as in any other message."""
    try:
        return BATCH_ITEMS.validate_json(data)
    except ValidationError as fast:
        try:
            parsed = json.loads(data)
        except ValueError:
            raise fast from None  # not JSON at all: pydantic's account says where
    return BATCH_ITEMS.validate_python(without_lone_surrogates(parsed))


class PackedBatchError(AgentError):
    """A packed batch whose binary data does not follow wire.ts BatchPackedMessage."""


def _malformed(why: str) -> PackedBatchError:
    return PackedBatchError(
        f"the agent's packed batch is malformed: {why}",
        hint="rebuild the agent with `harness setup`",
    )


# The fields a wire call sets (all but the controller's `stack`), for the models `_call` builds.
_CALL_FIELDS = frozenset(CallItem.model_fields) - {"stack"}
_CATEGORY = {c.value: c for c in Category}


def _call(fields: dict[str, Any]) -> CallItem:
    """A CallItem from fields of the right types, checked by the caller: what
    `BaseModel.model_construct` does, without its per-call look-ups (in pydantic 2.14 it
    inspects each default factory's signature: 9-220 µs a call, against ~1 µs here, issue #19).
    tests/agent/test_packed.py checks that the result equals the validated model."""
    call = CallItem.__new__(CallItem)
    object.__setattr__(call, "__dict__", fields)
    object.__setattr__(call, "__pydantic_fields_set__", set(_CALL_FIELDS))
    object.__setattr__(call, "__pydantic_extra__", None)
    object.__setattr__(call, "__pydantic_private__", None)
    return call


# A packed call as it is read, before any model (issue #19: a call into the event log needs only
# its fields, and building the model cost ~1.5 µs of the ~6.5 a flood allows): seq, ts,
# process, thread, api, hook_id, category (its text, a `Category` value), args, ret, threw,
# denied, stack_id, values (raw, for the matcher only). The pid is the batch's. Its fields are
# of the types the validated CallItem would have; `call_of` builds that model.
CallRecord = tuple[
    int,
    float,
    str,
    str,
    str,
    str,
    str,
    list[str],
    str | None,
    str | None,
    bool,
    int | None,
    list[str],
]


def call_of(record: CallRecord, pid: int) -> CallItem:
    """The CallItem a record stands for (what `iter_packed` yields for it)."""
    seq, ts, process, thread, api, hook, category, args, ret, threw, denied, sid, values = record
    return _call(
        {
            "seq": seq,
            "ts": ts,
            "pid": pid,
            "process": process,
            "type": "call",
            "thread": thread,
            "api": api,
            "hook_id": hook,
            "category": _CATEGORY[category],
            "args": args,
            "ret": ret,
            "threw": threw,
            "denied": denied,
            "stack_id": sid,
            "stack": [],
            "values": values,
        }
    )


def packed_items(message: BatchPackedMessage, data: bytes) -> list[BatchItem]:
    """The items of a packed batch, in order (`iter_packed` read whole: a malformed batch
    raises before anything is returned)."""
    return list(iter_packed(message, data))


def iter_packed(message: BatchPackedMessage, data: bytes) -> Iterator[BatchItem]:
    """The items of a packed batch, one at a time, each built as it is read (so that it can
    be handed on and dropped before the next: holding a batch's 200 models cost the cyclic
    garbage collector ~3 µs a call, issue #19). Checked as `iter_records` checks them."""
    pid = message.pid
    for item in iter_records(message, data):
        yield call_of(item, pid) if isinstance(item, tuple) else item


def iter_records(message: BatchPackedMessage, data: bytes) -> Iterator[BatchItem | CallRecord]:
    """The items of a packed batch, one at a time, each call a `CallRecord` (no model). The
    data is the app's: every count, index and number is checked against the layout (wire.ts
    BatchPackedMessage) and against the types the validated model would have; the first thing
    that is not raises `PackedBatchError` (the sizes before anything is yielded, a record when
    it is reached, the counts at the end).
    """
    head = 16 * message.calls
    if len(data) != message.size:
        raise _malformed(f"{message.size} bytes announced, {len(data)} attached")
    if head > len(data) or (len(data) - head) % 4:
        raise _malformed(f"{len(data)} bytes cannot hold {message.calls} calls' numbers")
    numbers_in, words_in = array.array("d", data[:head]), array.array("i", data[head:])
    if sys.byteorder != "little":  # the wire is little-endian
        numbers_in.byteswap()
        words_in.byteswap()
    numbers: list[float] = numbers_in.tolist()
    words: list[int] = words_in.tolist()
    if words and min(words) < 0:
        raise _malformed("a negative word")
    strings = message.strings
    nullable: list[str | None] = [None, *strings]
    categories: dict[int, str] = {}
    others = iter(message.items)
    end = len(words)
    at = 0
    k = 0
    try:
        while at < end:
            kind = words[at]
            if kind == 0:
                item = next(others)
                at += 1
                yield item
                continue
            if kind != 1:
                raise _malformed(f"record kind {kind} at word {at}")
            p, t, a, h, c, r, th, denied, sid, n = words[at + 1 : at + 11]
            at += 11
            if n:
                args = [strings[i] for i in words[at : at + n]]
                at += n
            else:
                args = []
            m = words[at]
            at += 1
            if m:
                values = [strings[i] for i in words[at : at + m]]
                at += m
            else:
                values = []
            if at > end or len(args) != n or denied > 1:
                raise _malformed(f"call record {k} runs past its batch or is not one")
            category = categories.get(c)
            if category is None:
                category = strings[c]
                if category not in _CATEGORY:
                    raise _malformed(f"call record {k}: category {category!r}")
                categories[c] = category
            seq, ts = numbers[2 * k], numbers[2 * k + 1]
            if not seq.is_integer() or not math.isfinite(ts):
                raise _malformed(f"call record {k}: seq {seq!r}, ts {ts!r}")
            k += 1
            yield (
                int(seq),
                ts,
                strings[p],
                strings[t],
                strings[a],
                strings[h],
                category,
                args,
                nullable[r],
                nullable[th],
                denied == 1,
                sid or None,
                values,
            )
    except (IndexError, ValueError, KeyError) as exc:
        raise _malformed(f"a record refers outside the batch ({exc})") from None
    except StopIteration:
        raise _malformed("more item records than items") from None
    if k != message.calls or next(others, None) is not None:
        raise _malformed(
            f"{k} call records for {message.calls} calls, or items left without a record"
        )


def open_packed(
    payload: Any, data: bytes | None, records: bool = False
) -> Iterator[BatchItem | CallRecord] | None:
    """A packed batch's items as `iter_packed` reads them (`iter_records` with `records`: its
    calls as CallRecords), its envelope validated now, or None when `payload` is not a packed
    batch (then `parse_message` reads it). Raises as `parse_message` does."""
    if not (isinstance(payload, dict) and payload.get("type") == "batch_packed"):
        return None
    check_schema(payload)
    message = BatchPackedMessage.model_validate(without_lone_surrogates(payload))
    return (iter_records if records else iter_packed)(message, data or b"")


def parse_init_reply(payload: Any) -> HookReportMessage:
    """The `init` RPC's reply: the first thing an agent says, so the version is checked here."""
    check_schema(payload, "init reply")
    return HookReportMessage.model_validate(without_lone_surrogates(payload))

"""A call's events.jsonl line, scrubbed, without pydantic (issue #19: a flood into the log).

A flood of 150,000 calls a second leaves the controller ~6.5 µs a call for everything, the
transport included. Per call, `CallEvent.model_dump_json(exclude={"stack"})` cost ~1.7 µs and
the scrubber's look for the device's identifiers in the line ~2 µs (a dozen substring searches
over the whole line). Here:

* The line is the same JSON text assembled from the model's fields with the standard library's
  C string encoder (`json.encoder.encode_basestring` escapes `"`, `\\` and the control
  characters exactly as pydantic-core does and leaves the rest as it is, as pydantic does
  without `ensure_ascii`), so the file stays byte for byte what it was. A call whose fields are
  not of the exact types this assumes, or whose `ts` pydantic prints differently from `repr`
  (below 1e-4 pydantic writes `0.00001` where repr writes `1e-05`; inf, nan), is dumped by
  pydantic.
* The line is `{"seq":S,"ts":T,` + a tail, and a flood repeats the tail (one call site: same
  pid, process, thread, api, hook, category, args, return, stack). When no identifier holds a
  `,` no match can span the `,` between the two, so `scrub(line)` is `scrub(head) +
  scrub(tail)`; the tail's scrubbed text is kept per tail. When every identifier that could
  match in a head is a number (digits, `+-.e`) it can only match inside S or T: S shorter than
  the shortest of them cannot, and T's verdict is kept with T (a flood's calls share their
  millisecond). Otherwise, or when S or T may hold one, the whole line is scrubbed as before.

tests/run/test_calllines.py checks the result against `scrubber.scrub(model_dump_json(...))`
over random fields and identifiers.
"""

from __future__ import annotations

from json.encoder import encode_basestring as enc  # C-accelerated
from operator import itemgetter
from typing import Any, Final, TypeVar

from harness.agent.messages import CallRecord, call_of
from harness.masking import Scrubber
from harness.model import CallEvent

# Where `repr(float)` and pydantic-core agree (measured over random floats of every magnitude:
# they differ only below 1e-4, where repr switches to an exponent): a margin below that.
_TS_LOW: Final = 1e-3
_TS_HIGH: Final = 1.7976931348623157e308  # the largest finite float: inf and nan fall back

# CallEvent's fields in the order of its dump (declaration order), which the line reproduces.
_FIELDS: Final = (
    "seq",
    "ts",
    "pid",
    "process",
    "type",
    "thread",
    "api",
    "hook_id",
    "category",
    "args",
    "ret",
    "threw",
    "denied",
    "stack_id",
)
if tuple(f for f in CallEvent.model_fields if f != "stack") != _FIELDS:  # pragma: no cover
    raise ImportError("CallEvent's fields changed: update harness/run/calllines.py")
_fields = itemgetter(*_FIELDS)  # one C call for fourteen look-ups

# The characters a head `{"seq":S,"ts":T,` can hold (S an int, T a finite float's repr), and
# those of S and T alone.
_HEAD_CHARS: Final = frozenset('{"seq:,t0123456789-.+')
_NUMBER_CHARS: Final = frozenset("0123456789-.+e")
_MAX_TAILS = 4096  # distinct tails kept (call sites); then the table starts again
_T = TypeVar("_T")


class CallLines:
    """Call lines for events.jsonl, scrubbed by one scrubber (the log makes a new one when
    its scrubber is set). Not thread-safe: the log calls it under its lock."""

    def __init__(self, scrubber: Scrubber) -> None:
        self.scrubber = scrubber
        needles = scrubber.needles
        in_head = [n for n in needles if not n.isascii() or set(n.lower()) <= _HEAD_CHARS]
        self._split = bool(scrubber) and not any("," in n for n in needles)
        self._split = self._split and all(set(n.lower()) <= _NUMBER_CHARS for n in in_head)
        # S (digits and '-') with fewer characters than this cannot hold an identifier.
        self._seq_chars = min((len(n) for n in in_head), default=1 << 30)
        self._tails: dict[str, str] = {}  # a call's tail -> scrubbed (`line`)
        # a call site's fields -> its tail, raw and scrubbed (`record_line`)
        self._sites: dict[tuple[object, ...], tuple[str, str | None]] = {}
        self._ts: tuple[float, str, bool] = (float("nan"), "", False)  # ts, repr, holds one

    def line(self, call: CallEvent) -> str:
        """`scrubber.scrub(call.model_dump_json(exclude={"stack"}))`."""
        parts = self._parts(call)
        if parts is None:
            return self.scrubber.scrub(call.model_dump_json(exclude={"stack"}))
        seq, ts_text, ts_dirty, tail = parts
        clean = self._tails.get(tail) if self._split else None
        if clean is None and self._split:
            clean = self._tails[tail] = self._kept(self._tails, self.scrubber.scrub(tail))
        return self._joined(seq, ts_text, ts_dirty, tail, clean)

    def record_line(self, pid: int, record: CallRecord) -> str:
        """The line of `call_of(record, pid)`, as `line` gives it, without the model (issue
        #19): a call site's tail, raw and scrubbed, is kept by its fields, so a flood's call
        costs a tuple's hash instead of the tail's assembly."""
        seq, ts, process, thread, api, hook, category, args, ret, threw, denied, sid, _ = record
        ts_text, ts_dirty = self._ts_text(ts)
        if ts_text is None:
            return self.line(call_of(record, pid))
        key = (pid, process, thread, api, hook, category, ret, threw, denied, sid, *args)
        tails = self._sites.get(key)
        if tails is None:
            tail = _tail(pid, process, thread, api, hook, category, args, ret, threw, denied, sid)
            clean = self.scrubber.scrub(tail) if self._split else None
            tails = self._sites[key] = self._kept(self._sites, (tail, clean))
        return self._joined(str(seq), ts_text, ts_dirty, *tails)

    @staticmethod
    def _kept(table: dict[Any, _T], value: _T) -> _T:
        """A value about to enter a table of call sites, which starts again when it is full
        (bounded memory: the call sites are the app's)."""
        if len(table) >= _MAX_TAILS:
            table.clear()
        return value

    def _joined(self, seq: str, ts_text: str, ts_dirty: bool, tail: str, clean: str | None) -> str:
        """The line from S, T and the tail (raw, and scrubbed when the split holds)."""
        head = f'{{"seq":{seq},"ts":{ts_text},'
        if not self.scrubber:
            return head + tail
        if clean is None or ts_dirty or len(seq) >= self._seq_chars:
            return self.scrubber.scrub(head + tail)
        return head + clean

    def _ts_text(self, ts: float) -> tuple[str | None, bool]:
        """T as pydantic writes it and whether it may hold an identifier, or None where this
        cannot be sure of pydantic's text. The last one is kept (a flood's millisecond)."""
        last, ts_text, ts_dirty = self._ts
        if ts != last or not ts:  # 0.0 equals -0.0 (repr "-0.0"): not taken from the last
            if not (_TS_LOW <= abs(ts) <= _TS_HIGH or ts == 0.0):
                return None, False
            ts_text = repr(ts)
            ts_dirty = self.scrubber.scrub(ts_text) != ts_text
            self._ts = (ts, ts_text, ts_dirty)
        return ts_text, ts_dirty

    def _parts(self, call: CallEvent) -> tuple[str, str, bool, str] | None:
        """(S, T, whether T may hold an identifier, the tail) as pydantic would write them, or
        None where this cannot be sure of pydantic's text."""
        seq, ts, pid, process, kind, thread, api, hook, category, args, ret, threw, denied, sid = (
            _fields(call.__dict__)
        )
        if type(ts) is not float:
            return None
        ts_text, ts_dirty = self._ts_text(ts)
        if (
            ts_text is None
            or type(seq) is not int
            or type(pid) is not int
            or type(denied) is not bool
            or kind != "call"
            or not (sid is None or type(sid) is int)
            or not isinstance(category, str)  # a str Enum: its text is its value
        ):
            return None
        try:
            tail = _tail(pid, process, thread, api, hook, category, args, ret, threw, denied, sid)
        except TypeError:  # a field not of its declared type: pydantic decides
            return None
        return str(seq), ts_text, ts_dirty, tail


def _tail(
    pid: int,
    process: str,
    thread: str,
    api: str,
    hook: str,
    category: str,
    args: list[str],
    ret: str | None,
    threw: str | None,
    denied: bool,
    sid: int | None,
) -> str:
    """The line after `{"seq":S,"ts":T,`: pydantic's text for these fields (raises TypeError
    for a string field that is not one)."""
    return (
        f'"pid":{pid},"process":{enc(process)},"type":"call","thread":{enc(thread)},'
        f'"api":{enc(api)},"hook_id":{enc(hook)},"category":{enc(category)},'
        f'"args":[{",".join(map(enc, args)) if args else ""}],'
        f'"ret":{"null" if ret is None else enc(ret)},'
        f'"threw":{"null" if threw is None else enc(threw)},'
        f'"denied":{"true" if denied else "false"},'
        f'"stack_id":{"null" if sid is None else sid}}}'
    )

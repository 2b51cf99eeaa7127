"""events.jsonl: every event and marker of a run, written the moment it arrives.

Each line is one JSON object. Stacks are interned per process (`{"type": "stack", "pid", "id",
"frames"}` precedes the first call that refers to it) so a flood of calls from one place costs one
stack line. The agent session owns the interning: it resolves each call's stack before handing it
over and passes each stack on once per attached process, so the log only writes what it is given
(a pid reused by a later process re-sends its ids; on replay the latest line for an id wins).
Lines reach the OS as they are written (one unbuffered write each time, no buffer in this
process), and an agent message's lines are written together, in one write, as soon as its
delivery ends (`batch()`, issue #19): if the controller, the app or the device dies,
everything delivered so far is on disk. `read_events` rebuilds the full events.

The log keeps no call in memory (issue #14: a 1,000,000-call flood held every event and drove
the controller to 2 GB): it keeps the markers and sends (what the rules need before they look at
a call) and counts the calls; the analysis after the run replays the calls from the file
(`calls()`), one at a time. Only after a failed write (a full disk) are the later events kept in
memory, so that the report still covers everything received.

With masked values (the default) the log's `scrubber` masks the device's own identifiers in
every line and every kept event before it is written (see harness.masking): the agent masks
what the hooks return, but a stack, a hook's error text or an argument may still quote one. A
call's line is assembled and scrubbed without pydantic and mostly without a search of the whole
line (run/calllines.py), byte for byte what `scrub(model_dump_json())` gives.
"""

from __future__ import annotations

import errno
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import IO

from pydantic import TypeAdapter

from harness.agent.messages import CallRecord
from harness.masking import Scrubber
from harness.model import (
    AnyEvent,
    CallEvent,
    Event,
    HookReport,
    MarkerEvent,
    ProbeEvent,
    SendEvent,
)
from harness.run.calllines import CallLines
from harness.run.probes import ProbeLog

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)
_STACKED = (CallEvent, SendEvent, ProbeEvent)  # the events that refer to an interned stack


# A batch's lines are written when its delivery ends; an agent message holds at most 200 items,
# but the message is the app's: past this many lines they are written at once (bounded memory).
_MAX_PENDING = 1024
# The wire replaces lone surrogates before here; should one still arrive, "backslashreplace"
# writes it as a JSON \udXXX escape, which reads back as the same string, instead of raising
# and losing the batch's lines.
_LONE_SURROGATES = "backslashreplace"


class EventLog:
    """Implements the agent session's EventSink (a BatchingSink and a CallRecordSink): appends
    to events.jsonl; keeps markers and sends, counts calls (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        # Unbuffered: each write is one write(2), whose count says which lines are on disk.
        self._file: IO[bytes] | None = path.open("ab", buffering=0)
        self.markers: list[MarkerEvent] = []
        self.sends: list[SendEvent] = []
        self.call_count = 0
        self._batches = 0  # batches being delivered (`batch()`): their lines wait in _pending
        self._pending: list[str] = []  # scrubbed lines not yet written
        self._unwritten: list[str] = []  # scrubbed lines after a failed write: not on disk
        self.hook_reports: list[HookReport] = []
        self.probes = ProbeLog()  # instrumentation probes, bounded (run/probes.py)
        self._calls = CallLines(Scrubber())
        self.write_error: OSError | None = None  # the first failed write: the file stops there
        self.lines_written = 0

    @property
    def scrubber(self) -> Scrubber:
        """Masks the device's identifiers in every line: set by the run once the device is
        known (empty until then)."""
        return self._calls.scrubber

    @scrubber.setter
    def scrubber(self, scrubber: Scrubber) -> None:
        with self._lock:
            self._write_pending()  # the lines so far were scrubbed by the one before
            self._calls = CallLines(scrubber)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The delivery of one agent message: its lines are written with one write when it
        ends (issue #19: a write per line cost as much as the line). A line that arrives while
        no batch is open is written at once; one that arrives during a batch of another thread
        (a send from the network worker, a marker) leaves with that batch, in arrival order."""
        with self._lock:
            self._batches += 1
        try:
            yield
        finally:
            with self._lock:
                self._batches -= 1
                self._write_pending()

    def _add(self, line: str) -> None:
        """A line, scrubbed; called with the lock held."""
        self._pending.append(line)
        if not self._batches or len(self._pending) >= _MAX_PENDING:
            self._write_pending()

    def _write_pending(self) -> None:
        """Writes the pending lines with one write; called with the lock held. After a failed
        write the lines not on disk are kept, so that `replay()` still has them."""
        lines = self._pending
        if not lines:
            return
        self._pending = []
        if self._file is None:
            self._unwritten.extend(lines)
            return
        data = ("\n".join(lines) + "\n").encode("utf-8", _LONE_SURROGATES)
        done = 0
        try:
            while done < len(data):
                wrote = self._file.write(data[done:])
                if not wrote:  # never for a regular file; a loop that cannot end otherwise
                    raise OSError(errno.EIO, "the event log took no bytes")
                done += wrote
        except OSError as exc:
            # Disk full (or a size limit): the lines on disk stay, later events are still kept
            # in memory, and the run ends with one error naming this one (not one traceback
            # per event on the Frida thread).
            self.write_error = exc
            self._close_quietly()
            self._keep_unwritten(lines, done)
            return
        self.lines_written += len(lines)

    def _keep_unwritten(self, lines: list[str], done: int) -> None:
        """After `done` bytes of these lines reached the file: a line whose text is all there
        (its line break or not) is on disk, for `read_events` reads it; the one cut off there
        is skipped on replay (a torn line), so it is kept whole with those after it."""
        end = 0
        for at, line in enumerate(lines):
            end += len(line.encode("utf-8", _LONE_SURROGATES))
            if end > done:
                self._unwritten.extend(lines[at:])
                return
            self.lines_written += 1
            end += 1  # the line break

    def _close_quietly(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass  # nothing is buffered here
            self._file = None

    def _scrubbed(self, event: AnyEvent) -> AnyEvent:
        if not self.scrubber:
            return event
        text = event.model_dump_json()
        clean = self.scrubber.scrub(text)
        # Parsed back as the stored type (the union ignores extras): a wire item's in-memory-only
        # fields (raw values) cannot survive this round trip.
        return event if clean == text else _EVENT.validate_json(clean)

    def stack(self, pid: int, stack_id: int, frames: list[str]) -> None:
        with self._lock:
            self._add(self._line({"type": "stack", "pid": pid, "id": stack_id, "frames": frames}))

    def event(self, event: AnyEvent) -> None:
        with self._lock:
            if isinstance(event, CallEvent):
                # A call is only written (not kept): this runs on Frida's thread for every
                # call, so it does no more (issues #14 and #19: the flood).
                self.call_count += 1
                self._add(self._calls.line(event))
                return
            event = self._scrubbed(event)
            if isinstance(event, MarkerEvent):
                self.markers.append(event)
            elif isinstance(event, SendEvent):
                self.sends.append(event)
            elif isinstance(event, ProbeEvent):
                self.probes.add(event)
            self._add(self._line(event.model_dump(mode="json", exclude={"stack"})))

    def call(self, pid: int, record: CallRecord) -> None:
        """A packed call, as `event(call_of(record, pid))` writes it, without its model (the
        agent session's CallRecordSink, issue #19)."""
        with self._lock:
            self.call_count += 1
            self._add(self._calls.record_line(pid, record))

    def replay(self) -> Iterator[AnyEvent]:
        """Every event so far, in the order received: events.jsonl read back, then what could
        not be written. One pass, one event at a time (nothing is held)."""
        with self._lock:
            self._write_pending()
            tail = list(self._unwritten)
        return _parse(self._lines_on_disk(), tail)

    def _lines_on_disk(self) -> Iterator[str]:
        if self.path.is_file():
            with self.path.open(encoding="utf-8") as fh:
                yield from fh

    def calls(self) -> Iterator[CallEvent]:
        """The calls of `replay()`."""
        return (e for e in self.replay() if isinstance(e, CallEvent))

    @property
    def events(self) -> list[AnyEvent]:
        """`replay()` as a list: every event in memory at once, for tests and small runs only
        (the run's own analysis streams `calls()`)."""
        return list(self.replay())

    def hook_report(self, report: HookReport) -> None:
        with self._lock:
            if self.scrubber:
                text = report.model_dump_json()
                report = HookReport.model_validate_json(self.scrubber.scrub(text))
            # The agent re-sends its report when app-side hooks land: keep the latest per pid.
            self.hook_reports = [r for r in self.hook_reports if r.pid != report.pid] + [report]
            self._add(self._line({"type": "hook_report", **report.model_dump(mode="json")}))

    def close(self) -> None:
        with self._lock:
            self._write_pending()
            if self._file is not None:
                try:
                    self._file.close()
                except OSError as exc:
                    self.write_error = self.write_error or exc
                self._file = None

    def _line(self, obj: dict[str, object]) -> str:
        return self.scrubber.scrub(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))


def read_events(path: Path) -> Iterator[AnyEvent]:
    """Replay an events.jsonl, stacks resolved. A torn last line (crash mid-write) is skipped."""
    with path.open(encoding="utf-8") as fh:
        yield from _parse(fh)


def _parse(*parts: Iterable[str]) -> Iterator[AnyEvent]:
    """The events of events.jsonl lines, read in order (one file's lines, then the lines a
    failed write kept in memory, share one table of stacks)."""
    stacks: dict[tuple[int, int], list[str]] = {}
    for line in chain.from_iterable(parts):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            continue
        kind = obj.get("type")
        if kind == "stack":
            stacks[(obj["pid"], obj["id"])] = obj["frames"]
        elif kind in ("call", "marker", "process", "send", "probe"):
            event = _EVENT.validate_python(obj)
            if isinstance(event, _STACKED) and event.stack_id is not None:
                event.stack = stacks.get((event.pid, event.stack_id), [])
            yield event

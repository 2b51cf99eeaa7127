"""events.jsonl: every event and marker of a run, written the moment it arrives.

Each line is one JSON object. Stacks are interned per process (`{"type": "stack", "pid", "id",
"frames"}` precedes the first call that refers to it) so a flood of calls from one place costs one
stack line. The agent session owns the interning: it resolves each call's stack before handing it
over and passes each stack on once per attached process, so the log only writes what it is given
(a pid reused by a later process re-sends its ids; on replay the latest line for an id wins).
Lines are flushed to the OS as they are written: if the controller, the app or the device dies,
everything received so far is on disk. `read_events` rebuilds the full events.

The log keeps no call in memory (issue #14: a 1,000,000-call flood held every event and drove
the controller to 2 GB): it keeps the markers and sends (what the rules need before they look at
a call) and counts the calls; the analysis after the run replays the calls from the file
(`calls()`), one at a time. Only after a failed write (a full disk) are the later events kept in
memory, so that the report still covers everything received.

With masked values (the default) the log's `scrubber` masks the device's own identifiers in
every line and every kept event before it is written (see harness.masking): the agent masks what
the hooks return, but a stack, a hook's error text or an argument may still quote one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pydantic import TypeAdapter

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
from harness.run.probes import ProbeLog

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)
_STACKED = (CallEvent, SendEvent, ProbeEvent)  # the events that refer to an interned stack


class EventLog:
    """Implements the agent session's EventSink: appends to events.jsonl; keeps markers and sends,
    counts calls (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file: IO[str] | None = path.open("a", encoding="utf-8")
        self.markers: list[MarkerEvent] = []
        self.sends: list[SendEvent] = []
        self.call_count = 0
        self._unwritten: list[AnyEvent] = []  # received after a failed write: not on disk
        self.hook_reports: list[HookReport] = []
        self.probes = ProbeLog()  # instrumentation probes, bounded (run/probes.py)
        self.scrubber = Scrubber()  # set by the run once the device is known
        self.write_error: OSError | None = None  # the first failed write: the file stops there
        self.lines_written = 0

    def _write(self, obj: dict[str, object]) -> bool:
        """Whether the line is on disk."""
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        return self._write_line(self.scrubber.scrub(line))

    def _write_line(self, line: str) -> bool:
        if self._file is None:
            return False
        try:
            self._file.write(line + "\n")
            self._file.flush()
        except OSError as exc:
            # Disk full (or a size limit): the lines on disk stay, later events are still kept
            # in memory, and the run ends with one error naming this one (not one traceback
            # per event on the Frida thread).
            self.write_error = exc
            self._close_quietly()
            return False
        self.lines_written += 1
        return True

    def _close_quietly(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass  # the unflushed tail is lost either way
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
            self._write({"type": "stack", "pid": pid, "id": stack_id, "frames": frames})

    def event(self, event: AnyEvent) -> None:
        with self._lock:
            if isinstance(event, CallEvent):
                self._call(event)
                return
            event = self._scrubbed(event)
            if isinstance(event, MarkerEvent):
                self.markers.append(event)
            elif isinstance(event, SendEvent):
                self.sends.append(event)
            elif isinstance(event, ProbeEvent):
                self.probes.add(event)
            if not self._write(event.model_dump(mode="json", exclude={"stack"})):
                # Not on disk (the disk is full): kept here, so the analysis still sees it.
                self._unwritten.append(event)

    def _call(self, call: CallEvent) -> None:
        """A call is only written (not kept): one JSON dump, scrubbed as text. This runs on
        Frida's thread for every call, so it does no more than that (issue #14: the flood)."""
        self.call_count += 1
        line = call.model_dump_json(exclude={"stack"})
        if not self._write_line(self.scrubber.scrub(line) if self.scrubber else line):
            self._unwritten.append(self._scrubbed(call))

    def replay(self) -> Iterator[AnyEvent]:
        """Every event so far, in the order received: events.jsonl read back, then what could
        not be written. One pass, one event at a time (nothing is held)."""
        with self._lock:
            if self._file is not None:
                self._file.flush()
            tail = list(self._unwritten)
        if self.path.is_file():
            yield from read_events(self.path)
        yield from tail

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
            self._write({"type": "hook_report", **report.model_dump(mode="json")})

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                try:
                    self._file.close()
                except OSError as exc:
                    self.write_error = self.write_error or exc
                self._file = None


def read_events(path: Path) -> Iterator[AnyEvent]:
    """Replay an events.jsonl, stacks resolved. A torn last line (crash mid-write) is skipped."""
    stacks: dict[tuple[int, int], list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
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

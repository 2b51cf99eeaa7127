"""events.jsonl: every event and marker of a run, written the moment it arrives.

Each line is one JSON object. Stacks are interned per process (`{"type": "stack", "pid", "id",
"frames"}` precedes the first call that refers to it) so a flood of calls from one place costs one
stack line. The agent session owns the interning: it resolves each call's stack before handing it
over and passes each stack on once per attached process, so the log only writes what it is given
(a pid reused by a later process re-sends its ids; on replay the latest line for an id wins).
Lines are flushed to the OS as they are written: if the controller, the app or the device dies,
everything received so far is on disk. `read_events` rebuilds the full events.

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
    ProbeEvent,
    SendEvent,
)
from harness.run.probes import ProbeLog

_EVENT: TypeAdapter[Event] = TypeAdapter(Event)
_STACKED = (CallEvent, SendEvent, ProbeEvent)  # the events that refer to an interned stack


class EventLog:
    """Implements the agent session's EventSink: appends to events.jsonl and keeps the events."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._file: IO[str] | None = path.open("a", encoding="utf-8")
        self.events: list[AnyEvent] = []
        self.hook_reports: list[HookReport] = []
        self.probes = ProbeLog()  # instrumentation probes, bounded (run/probes.py)
        self.scrubber = Scrubber()  # set by the run once the device is known
        self.write_error: OSError | None = None  # the first failed write: the file stops there
        self.lines_written = 0

    def _write(self, obj: dict[str, object]) -> None:
        if self._file is None:
            return
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        try:
            self._file.write(self.scrubber.scrub(line) + "\n")
            self._file.flush()
        except OSError as exc:
            # Disk full (or a size limit): the lines on disk stay, later events are still kept
            # in memory, and the run ends with one error naming this one (not one traceback
            # per event on the Frida thread).
            self.write_error = exc
            self._close_quietly()
            return
        self.lines_written += 1

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
            event = self._scrubbed(event)
            self.events.append(event)
            if isinstance(event, ProbeEvent):
                self.probes.add(event)
            self._write(event.model_dump(mode="json", exclude={"stack"}))

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

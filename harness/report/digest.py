"""What report.html (and report.pdf) draw of a run's events, gathered in one pass, one event at a
time: the page's size and the memory it takes depend on the run's length, never on its number
of calls (issue #14: a 1,000,000-call flood).

Kept per run: the markers and sends (the run holds them anyway), the number of calls and the
earliest event, for each timeline the calls counted per (row, device millisecond, denied), the
first MAX_CALL_ROWS calls in time order (the page's call table), and the calls per actor (the
static view's calls by SDK). A timeline with more than MAX_TIMELINE_CELLS distinct cells (a run
of many minutes with calls in most milliseconds) is coarsened: the cells are merged into time
steps twice as long, as often as needed; its picture (80 bins across the run) is the same to
within one step. Everything else on the page comes from report.json's findings.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator

from harness.attribution import Attributor
from harness.model import AnyEvent, CallEvent, MarkerEvent, SendEvent
from harness.report.labels import labels
from harness.untrusted import clip

MAX_CALL_ROWS = 300  # calls listed on the page, the earliest first
MAX_TIMELINE_CELLS = 50_000  # distinct (row, time step, denied) cells of one timeline
ACTOR_ROW_CHARS = 60

Point = tuple[str, float, bool, int]  # (row, device time in ms, denied, calls)


class Histogram:
    """Calls counted per (row, time step, denied); exact device milliseconds until it holds
    MAX_TIMELINE_CELLS cells, then steps of 2, 4, ... ms (each step's start)."""

    def __init__(self, max_cells: int = MAX_TIMELINE_CELLS) -> None:
        self.max_cells = max_cells
        self.step_ms = 0.0  # 0: each call's own timestamp
        self.cells: Counter[tuple[str, float, bool]] = Counter()

    def add(self, row: str, ts: float, denied: bool, n: int = 1) -> None:
        self.cells[(row, self._at(ts), denied)] += n
        if len(self.cells) > self.max_cells:
            self._coarsen()

    def _at(self, ts: float) -> float:
        return ts if self.step_ms == 0 else math.floor(ts / self.step_ms) * self.step_ms

    def _coarsen(self) -> None:
        while len(self.cells) > self.max_cells:
            self.step_ms = 1.0 if self.step_ms == 0 else self.step_ms * 2
            merged: Counter[tuple[str, float, bool]] = Counter()
            for (row, ts, denied), n in self.cells.items():
                merged[(row, self._at(ts), denied)] += n
            self.cells = merged

    def points(self) -> Iterator[Point]:
        for (row, ts, denied), n in self.cells.items():
            yield row, ts, denied, n


class EventDigest:
    """A run's events as report.html needs them; `add` every event (any order), once."""

    def __init__(self, attributor: Attributor) -> None:
        self.attributor = attributor
        self.markers: list[MarkerEvent] = []
        self.sends: list[SendEvent] = []
        self.calls = 0
        self.earliest: float | None = None  # of every event
        self.by_category = Histogram()
        self.by_actor = Histogram()
        self.actor_calls: Counter[tuple[str, str]] = Counter()  # (actor kind, name) -> calls
        self._first: list[tuple[float, int, int, CallEvent]] = []  # max-heap of the earliest
        self._labels: dict[str, str] = {}
        self._actors: dict[int, tuple[list[str], str, str]] = {}  # id(stack): stack, kind, name

    @classmethod
    def of(cls, events: Iterable[AnyEvent], attributor: Attributor) -> EventDigest:
        digest = cls(attributor)
        for event in events:
            digest.add(event)
        return digest

    def add(self, event: AnyEvent) -> None:
        if self.earliest is None or event.ts < self.earliest:
            self.earliest = event.ts
        if isinstance(event, MarkerEvent):
            self.markers.append(event)
        elif isinstance(event, SendEvent):
            self.sends.append(event)
        elif isinstance(event, CallEvent):
            self._call(event)

    def _call(self, call: CallEvent) -> None:
        self.calls += 1
        kind, name = self._actor(call.stack)
        self.actor_calls[(kind, name)] += 1
        category = call.category.value
        row = self._labels.get(category)
        if row is None:
            row = self._labels[category] = f"{labels().category(category).zh} {category}"
        self.by_category.add(row, call.ts, call.denied)
        self.by_actor.add(clip(name, ACTOR_ROW_CHARS), call.ts, call.denied)
        # The earliest MAX_CALL_ROWS by (ts, seq), ties in the order received (a stable sort's)
        heapq.heappush(self._first, (-call.ts, -call.seq, -self.calls, call))
        if len(self._first) > MAX_CALL_ROWS:
            heapq.heappop(self._first)

    def _actor(self, stack: list[str]) -> tuple[str, str]:
        hit = self._actors.get(id(stack))  # the list is kept, so its id is not reused
        if hit is None:
            actor = self.attributor.shared(stack)
            hit = self._actors[id(stack)] = (stack, actor.kind, actor.name)
        return hit[1], hit[2]

    def first_calls(self) -> list[CallEvent]:
        """The earliest MAX_CALL_ROWS calls, in time order."""
        return [entry[3] for entry in sorted(self._first, reverse=True)]

"""excessive_frequency: one API of a data category called more than `max_reads` times within any
window of `per_seconds` seconds, in one process.

Counted per API, not per category: one read of a location is often several calls
(`getLastKnownLocation`, then `getLatitude` and `getLongitude` on the result), which is one
collection, not three; an SDK polling the location repeats the same call.

The window is closed at both ends: reads at 0 s, 1 s and 2 s are three reads within 2 s (a steady
one read per second exceeds the default "more than 1 read per 2 s"), while reads exactly every
2 s never put three in one window.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from typing import Any

from harness.model import CallEvent, Category
from harness.settings import FrequencyLimit


def frequent_calls(calls: Iterable[CallEvent], limit: FrequencyLimit) -> list[CallEvent]:
    """Every call that lies in at least one violating window, in time order per stream."""
    streams: dict[tuple[int, Category, str], list[CallEvent]] = defaultdict(list)
    for call in calls:
        streams[(call.pid, call.category, call.api)].append(call)
    span_ms = limit.per_seconds * 1000.0
    flagged: list[CallEvent] = []
    for stream in streams.values():
        stream.sort(key=lambda c: (c.ts, c.seq))
        in_window = [False] * len(stream)
        start = 0
        # Two pointers: [start, end] is the widest window ending at `end`; when it holds more than
        # max_reads calls, all of them are in a violating window.
        for end, call in enumerate(stream):
            while call.ts - stream[start].ts > span_ms:
                start += 1
            if end - start + 1 > limit.max_reads:
                # Mark right to left: the previous violating window started at or before
                # `start`, so the first marked call met means the rest is marked already.
                for i in range(end, start - 1, -1):
                    if in_window[i]:
                        break
                    in_window[i] = True
        flagged.extend(c for c, hit in zip(stream, in_window, strict=True) if hit)
    return flagged


REORDER_MS = 100.0  # how far (device time) a stream's calls may come out of (ts, seq) order


class FrequencyWatch:
    """The same rule as `frequent_calls`, over calls as they come, holding little per stream.

    A call is in a violating window exactly when some max_reads + 1 consecutive calls of its
    stream (in (ts, seq) order) that include it span at most `per_seconds`; so a call's verdict
    is final once max_reads more calls of its stream have followed, and each stream keeps only
    its last max_reads + 1 calls. Calls reach the controller in seq order per process, but a
    hook takes its timestamp before its sequence number (docs/hook-cost.md), so a stream may be
    a little out of (ts, seq) order: calls wait in a heap until the stream has a call
    REORDER_MS later. A call older than one already released means the stream was more out of
    order than that: the stream is given up (`disordered`), and the caller judges it from all
    of its calls (`frequent_calls`), so the verdict stays exact either way.

    `flagged(stream, call)` receives every call in a violating window, once; `finish()` flushes.
    """

    def __init__(
        self, limit: FrequencyLimit, flagged: Callable[[StreamKey, CallEvent], None]
    ) -> None:
        self._size = limit.max_reads + 1
        self._span_ms = limit.per_seconds * 1000.0
        self._flagged = flagged
        self._streams: dict[StreamKey, _Stream] = {}
        self.disordered: set[StreamKey] = set()

    def add(self, call: CallEvent) -> None:
        key = (call.pid, call.category, call.api)
        if key in self.disordered:
            return
        stream = self._streams.get(key)
        if stream is None:
            stream = self._streams[key] = _Stream()
        if (call.ts, call.seq) < stream.released:
            self.disordered.add(key)
            del self._streams[key]
            return
        stream.arrived += 1
        heapq.heappush(stream.pending, (call.ts, call.seq, stream.arrived, call))
        stream.newest = max(stream.newest, call.ts)
        while stream.pending and stream.pending[0][0] < stream.newest - REORDER_MS:
            self._release(key, stream, heapq.heappop(stream.pending)[3])

    def finish(self) -> None:
        for key, stream in self._streams.items():
            while stream.pending:
                self._release(key, stream, heapq.heappop(stream.pending)[3])
            for entry in stream.window:
                if entry[1]:
                    self._flagged(key, entry[0])
            stream.window.clear()

    def _release(self, key: StreamKey, stream: _Stream, call: CallEvent) -> None:
        stream.released = (call.ts, call.seq)
        window = stream.window
        window.append([call, False])
        if len(window) > self._size:
            old, hit = window.popleft()
            if hit:
                self._flagged(key, old)
        if len(window) == self._size and call.ts - window[0][0].ts <= self._span_ms:
            for entry in reversed(window):  # as in frequent_calls: the rest is marked already
                if entry[1]:
                    break
                entry[1] = True


StreamKey = tuple[int, Category, str]  # (pid, category, api)


class _Stream:
    __slots__ = ("arrived", "newest", "pending", "released", "window")

    def __init__(self) -> None:
        self.pending: list[tuple[float, int, int, CallEvent]] = []
        self.window: deque[list[Any]] = deque()  # [call, in a violating window]
        self.released: tuple[float, int] = (-math.inf, 0)
        self.newest = -math.inf
        self.arrived = 0

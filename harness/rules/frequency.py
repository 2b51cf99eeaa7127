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

from collections import defaultdict
from collections.abc import Iterable

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

"""Instrumentation probes and the exits that follow them: `anti_instrumentation_suspected`.

An app that hides from Frida reads /proc/self/maps (or its threads' names, or TracerPid), looks
for frida-server's file or port, and exits when it finds a trace. Without this, such a run said
`app_crashed`. The agent records every probe the catalogue names (`kind: probe` entries) as a
`ProbeEvent`; here a process that ended within `SUSPECT_WINDOW_S` after one of its own probes
has its crash re-read as `anti_instrumentation_suspected`, with those probes as the evidence.
A process that probes and keeps running is not suspected: its probes are listed, nothing more.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from harness.model import ProbeEvent
from harness.report.model import ProbeRecord, RunProblem
from harness.untrusted import clip

# How long after its last probe an exit still counts as the app's answer to it. Detectors exit
# at once (System.exit in the same method); 10 s also covers one that shows a "rooted device"
# toast first, and is short enough that a crash much later is not blamed on a probe.
SUSPECT_WINDOW_S = 10.0
# The clock error between the device's probe time and the controller's death time is at most
# half the resume marker's round trip; this much earlier still counts as "after".
CLOCK_SLACK_MS = 1000.0
KEEP_FIRST = 100  # probes kept from a run's start ...
KEEP_LAST = 100  # ... and from its end: an app probing in a loop cannot grow the controller
MAX_EVIDENCE = 20  # probes quoted in one problem
MAX_FRAMES = 12  # frames of each probe's stack in the report (the full stack is in events.jsonl)
_KINDS = ("app_crashed", "agent_died")  # the problems an early exit is reported as


class ProbeLog:
    """The run's probes, bounded: the first and the last `KEEP_*` (events.jsonl has all)."""

    def __init__(self) -> None:
        self.first: list[ProbeEvent] = []
        self.last: deque[ProbeEvent] = deque(maxlen=KEEP_LAST)
        self.total = 0

    def add(self, probe: ProbeEvent) -> None:
        self.total += 1
        if len(self.first) < KEEP_FIRST:
            self.first.append(probe)
        else:
            self.last.append(probe)

    def kept(self) -> list[ProbeEvent]:
        return [*self.first, *self.last]


@dataclass(frozen=True)
class Exit:
    """A process of the app that ended on its own, as the run recorded it."""

    pid: int
    host_ms: float  # controller clock, ms since the epoch
    problem: RunProblem  # the app_crashed / agent_died problem recorded for it


def record(probe: ProbeEvent, resumed_at_ts: float) -> ProbeRecord:
    """A probe as the report shows it: offset from the resume, its stack's first frames."""
    offset = round((probe.ts - resumed_at_ts) / 1000, 3) if resumed_at_ts > 0 else 0.0
    return ProbeRecord(
        at_s=offset,
        ts=probe.ts,
        pid=probe.pid,
        process=clip(probe.process, 256),
        thread=clip(probe.thread, 256),
        api=clip(probe.api, 512),
        target=probe.target,
        detail=clip(probe.detail, 512),
        stack=[clip(f, 1024) for f in probe.stack[:MAX_FRAMES]],
    )


def suspect_exits(
    exits: Iterable[Exit],
    probes: ProbeLog,
    *,
    resumed_at_ts: float,
    clock_offset_ms: float | None,
) -> None:
    """Re-read each exit that came right after its process's own probes (in place): its problem
    becomes `anti_instrumentation_suspected`, its message says what was probed and when, and
    the probes are its evidence."""
    offset = clock_offset_ms or 0.0
    kept = probes.kept()
    for exit_ in exits:
        if exit_.problem.kind not in _KINDS:
            continue
        died = exit_.host_ms + offset  # on the device's clock, like the probes'
        # In the process's own order (seq): two probes a millisecond apart share a `ts`
        # (Date.now() on the device), and the wall clock may step back; seq never does.
        before = sorted(
            (
                p
                for p in kept
                if p.pid == exit_.pid and -CLOCK_SLACK_MS <= died - p.ts <= SUSPECT_WINDOW_S * 1000
            ),
            key=lambda p: p.seq,
        )
        if not before:
            continue
        last = before[-1]
        gap = max(0.0, (died - last.ts) / 1000)
        targets = ", ".join(sorted({p.target.value for p in before}))
        exit_.problem.kind = "anti_instrumentation_suspected"
        exit_.problem.message = (
            f"{exit_.problem.message}; {gap:.2f} s after it probed for instrumentation "
            f"({targets}; last: {clip(last.api, 160)} on {clip(last.detail, 160)!r}): "
            "the app probably detected Frida and quit (docs/reliability.md)"
        )
        exit_.problem.probes = [record(p, resumed_at_ts) for p in before[-MAX_EVIDENCE:]]

"""Measures the phases of one run into the report's `timings` block (harness.report.timings).

One Stopwatch per run; the protocol wraps each step in `phase(name)`. A phase entered twice
(the dialog polling of the first launch and of a relaunch are named apart, but evidence is
taken in several phases) adds up. Thread-safe: agent loads of :process children are recorded
from the gate's thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from harness.report.timings import PHASES, WINDOW_PHASES, ProcessLoad, RunTimings


class Stopwatch:
    def __init__(self) -> None:
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._phases: dict[str, float] = {}
        self._evidence = 0.0
        self._loads: list[ProcessLoad] = []

    def add(self, name: str, seconds: float) -> None:
        with self._lock:
            self._phases[name] = self._phases.get(name, 0.0) + seconds

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        began = time.monotonic()
        try:
            yield
        finally:
            self.add(name, time.monotonic() - began)

    @contextmanager
    def evidence(self) -> Iterator[None]:
        """Evidence (a UI dump and a screenshot) taken inside whichever phase is running."""
        began = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._evidence += time.monotonic() - began

    def agent_load(self, load: ProcessLoad) -> None:
        with self._lock:
            self._loads.append(load)

    def result(self) -> RunTimings:
        """The timings so far (the run's total up to now)."""
        with self._lock:
            total = time.monotonic() - self._start
            known = [n for n in PHASES if n in self._phases]
            others = sorted(n for n in self._phases if n not in PHASES)
            phases = {n: round(self._phases[n], 3) for n in known + others}
            windows = sum(v for n, v in self._phases.items() if n in WINDOW_PHASES)
            return RunTimings(
                phases=phases,
                total_s=round(total, 3),
                windows_s=round(windows, 3),
                overhead_s=round(total - windows, 3),
                evidence_s=round(self._evidence, 3),
                agent_loads=list(self._loads),
            )

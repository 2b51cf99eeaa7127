"""Batch progress: a live rich panel on a terminal, one plain log line per app otherwise.

Events arrive from worker threads; every update takes the lock. App-controlled text (app keys,
error messages) is shown as plain text, never as rich markup, and clipped.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from harness.batch.events import BatchEvent, DeviceChanged, JobFinished, JobStarted
from harness.batch.model import JobState
from harness.untrusted import clip, visible

_CONTROL = re.compile(r"[\t\n]+")  # the rest is made visible (harness.untrusted.visible)
MAX_SHOWN = 120


def plain(text: str, limit: int = MAX_SHOWN) -> str:
    """One safe line: no line breaks, terminal escapes and bidi marks visible, clipped."""
    text = visible(_CONTROL.sub(" ", text).strip())
    return clip(text, limit)


@dataclass
class _Device:
    state: str = "waiting"
    app: str = ""
    since: float = 0.0
    detail: str = ""


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class BatchProgress:
    """A listener for `run_batch`; use as a context manager around the batch."""

    def __init__(
        self,
        total: int,
        finished: dict[str, int],
        devices: list[str],
        *,
        live: bool | None = None,
        stream: TextIO | None = None,
        mean_seconds: float | None = None,
    ) -> None:
        self.stream = stream or sys.stdout
        self.live_mode = self.stream.isatty() if live is None else live
        self.total = total
        self.counts = {s.value: finished.get(s.value, 0) for s in JobState if s.is_result}
        self.counts["failed_infra"] = finished.get("failed_infra", 0)
        self.devices = {name: _Device() for name in devices}
        self.durations: list[float] = [mean_seconds] if mean_seconds else []
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._live: Live | None = None

    def __enter__(self) -> BatchProgress:
        if self.live_mode:
            console = Console(file=self.stream)
            self._live = Live(
                self._render(),
                console=console,
                refresh_per_second=2,
                get_renderable=self._render_locked,
            )
            self._live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    # --- events ----------------------------------------------------------------------------

    def __call__(self, event: BatchEvent) -> None:
        with self._lock:
            if isinstance(event, DeviceChanged):
                dev = self.devices.setdefault(event.device, _Device())
                if event.state != "running":
                    dev.app = ""
                dev.state, dev.detail, dev.since = event.state, event.detail, time.monotonic()
                if event.state in ("quarantined", "unhealthy") and not self.live_mode:
                    self._line(f"device {event.device}: {event.state}: {plain(event.detail)}")
            elif isinstance(event, JobStarted):
                dev = self.devices.setdefault(event.device, _Device())
                dev.state, dev.app, dev.since = "running", event.job.app, time.monotonic()
            elif isinstance(event, JobFinished):
                self._finished(event)

    def _finished(self, event: JobFinished) -> None:
        result = event.result
        if not event.retried:
            self.counts[result.state.value] = self.counts.get(result.state.value, 0) + 1
            if result.state.is_result:
                self.durations.append(event.seconds)
        if self.live_mode:
            return
        rules: dict[str, int] = {}
        for finding in result.findings:
            rules[finding.rule.value] = rules.get(finding.rule.value, 0) + 1
        found = ", ".join(f"{n} {rule}" for rule, n in sorted(rules.items())) or "no findings"
        what = result.state.value + (" (retrying)" if event.retried else "")
        detail = found if result.state is JobState.done else plain(result.reason)
        self._line(
            f"[{self._done()}/{self.total}] {plain(event.job.app, 80)} on {event.device}: "
            f"{what}: {detail} ({event.seconds:.1f} s)"
        )

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    # --- rendering -------------------------------------------------------------------------

    def _done(self) -> int:
        return sum(self.counts.values())

    def eta_seconds(self) -> float | None:
        working = sum(1 for d in self.devices.values() if d.state not in ("quarantined", "stopped"))
        if not self.durations or not working:
            return None
        mean = sum(self.durations) / len(self.durations)
        return max(0, self.total - self._done()) * mean / working

    def _render_locked(self) -> Group:
        with self._lock:
            return self._render()

    def _render(self) -> Group:
        running = sum(1 for d in self.devices.values() if d.state == "running")
        eta = self.eta_seconds()
        c = self.counts
        head = Text.assemble(
            (f"{self._done()}/{self.total} apps", "bold"),
            f"  done {c['done']}",
            (f"  app failed {c['failed_app']}", "yellow"),
            (f"  timeout {c['timeout']}", "yellow"),
            (f"  infra failed {c['failed_infra']}", "red"),
            f"  running {running}",
            f"  elapsed {_duration(time.monotonic() - self.started)}",
            f"  ETA {_duration(eta) if eta is not None else '?'}",
        )
        table = Table("device", "state", "app", "for", box=None, pad_edge=False)
        now = time.monotonic()
        for name, dev in sorted(self.devices.items()):
            style = {"quarantined": "red", "unhealthy": "yellow", "running": "green"}.get(
                dev.state, ""
            )
            table.add_row(
                Text(name),
                Text(dev.state, style=style),
                Text(plain(dev.app or dev.detail, 60)),
                _duration(now - dev.since) if dev.since else "",
            )
        return Group(head, table)

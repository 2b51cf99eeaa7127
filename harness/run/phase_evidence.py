"""Each phase's UI dump (scrubbed) and screenshot, recorded in report.evidence.

The picture is of the phase's instant, but its encoding is kept off the run's critical path
where the device allows it (`CapturingDevice`, the simulated device): one request dumps and
draws the screen at once and answers the dump; the PNG is written in the background while the
protocol goes on. `settle()` waits for every picture and completes the records; the protocol
calls it once the app is stopped (the device waits for a picture before it kills its process),
so the files and their notes are complete before any report or manifest is written.

Best effort: the protocol's own calls report real failures; a file the device could not give is
noted in the report instead. A screenshot is not scrubbed: it is a picture.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures import TimeoutError as PictureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from harness.atomic import write_atomic
from harness.device.base import CapturingDevice, Device
from harness.errors import HarnessError
from harness.masking import Scrubber
from harness.report.model import PhaseEvidence
from harness.run.folder import describe

PICTURE_TIMEOUT_S = 90.0  # the device bounds each picture itself (its reply timeout)


@dataclass
class _Pending:
    shot: PhaseEvidence
    name: str  # screen-<phase>.png
    picture: Future[bool]
    notes: list[str] = field(default_factory=list)  # the dump's, kept before the picture's


class PhaseShots:
    """The run's phase evidence: `take` at each phase, `settle` before the reports."""

    def __init__(self, dev: Device, out: Path, scrubber: Scrubber) -> None:
        self.dev = dev
        self.out = out
        self.scrubber = scrubber
        self.taken: list[PhaseEvidence] = []  # in phase order
        self._pending: list[_Pending] = []

    def take(self, phase: str, at_s: float) -> PhaseEvidence:
        """The dump of this phase now, its screenshot now or (a capturing device) in the
        background; the record is complete once settled."""
        shot = PhaseEvidence(phase=phase, at_s=at_s)
        self.taken.append(shot)
        name = f"screen-{phase}.png"
        if isinstance(self.dev, CapturingDevice):
            try:
                capture = self.dev.capture(self.out / name)
            except HarnessError as exc:  # no picture can be drawn: the dump alone, as apart
                notes = self._dump(shot, phase, None)
                notes.append(f"no screenshot: {exc}")
                shot.note = "; ".join(notes)
                return shot
            notes = self._dump(shot, phase, capture.xml)
            self._pending.append(_Pending(shot, name, capture.picture, notes))
            return shot
        notes = self._dump(shot, phase, None)
        notes += self._screenshot(shot, name)
        shot.note = "; ".join(notes)
        return shot

    def _dump(self, shot: PhaseEvidence, phase: str, xml: str | None) -> list[str]:
        """ui-<phase>.xml from `xml`, or from the device's dump when None; the notes."""
        try:
            dump = self.scrubber.scrub(self.dev.dump_ui() if xml is None else xml)
            write_atomic(self.out / f"ui-{phase}.xml", dump)
            shot.ui_dump = f"ui-{phase}.xml"
        except HarnessError as exc:
            return [f"no UI dump: {exc}"]
        except OSError as exc:  # the run folder is full: note it, keep observing
            return [f"no UI dump: {describe(exc)}"]
        return []

    def _screenshot(self, shot: PhaseEvidence, name: str) -> list[str]:
        try:
            if self.dev.screenshot(self.out / name):
                shot.screenshot = name
                return []
            return ["no screenshot: the device could not take one"]
        except HarnessError as exc:
            return [f"no screenshot: {exc}"]
        except OSError as exc:
            return [f"no screenshot: {describe(exc)}"]

    def settle(self) -> None:
        """Wait for every picture still being written and complete its record (idempotent)."""
        pending, self._pending = self._pending, []
        for item in pending:
            notes = list(item.notes)
            try:
                if item.picture.result(timeout=PICTURE_TIMEOUT_S):
                    item.shot.screenshot = item.name
                else:
                    notes.append("no screenshot: the device could not take one")
            except HarnessError as exc:
                notes.append(f"no screenshot: {exc}")
            except OSError as exc:
                notes.append(f"no screenshot: {describe(exc)}")
            except PictureTimeout:  # (not the builtin TimeoutError before Python 3.11)
                notes.append(f"no screenshot: not written within {PICTURE_TIMEOUT_S:g} s")
            item.shot.note = "; ".join(notes)

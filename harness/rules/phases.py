"""Which consent phase each call happened in, from the phase markers of every process.

The controller writes each marker into every live process's own stream (agent RPC), so within a
process the marker and the calls share one sequence: there `seq` decides, exactly. A process
that was not alive (or not yet instrumented) when a marker was written has no copy of it; for
that process the marker's earliest copy in any other process stands in, compared by device
timestamp (`ts`).

Copies are grouped into occurrences: copies of one marker name written by the same controller
action land within milliseconds of each other, while the next occurrence of the same name (e.g.
a second `app_background`) comes at least seconds later. A copy joins the current occurrence of
its name unless its process already has a copy there or it is more than `_SAME_OCCURRENCE_MS`
after the occurrence's first copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from harness.model import CallEvent, Marker, MarkerEvent, SendEvent

_SAME_OCCURRENCE_MS = 1500.0


class Phase(str, Enum):
    before_dialog = "before_dialog"
    dialog_shown = "dialog_shown"
    after_accept = "after_accept"
    after_refusal = "after_refusal"
    background = "background"


class Decision(str, Enum):
    none = "none"  # the user has not agreed (nor refused) yet
    accepted = "accepted"
    refused = "refused"


@dataclass
class Occurrence:
    """One controller action: a marker name, its first device time, and its copy per process."""

    name: Marker
    ts: float  # earliest copy
    seq_by_pid: dict[int, int] = field(default_factory=dict)

    def precedes(self, call: CallEvent | SendEvent) -> bool:
        seq = self.seq_by_pid.get(call.pid)
        if seq is not None:
            return seq < call.seq
        return self.ts <= call.ts


@dataclass(frozen=True)
class CallState:
    decision: Decision
    dialog_shown: bool
    background: bool

    @property
    def phase(self) -> Phase:
        if self.background:
            return Phase.background
        if self.decision is Decision.accepted:
            return Phase.after_accept
        if self.decision is Decision.refused:
            return Phase.after_refusal
        return Phase.dialog_shown if self.dialog_shown else Phase.before_dialog


def group_occurrences(markers: Iterable[MarkerEvent]) -> list[Occurrence]:
    """Marker copies -> occurrences, oldest first. Names outside `Marker` are ignored."""
    known = {m.value: m for m in Marker}
    copies = sorted((m for m in markers if m.name in known), key=lambda m: (m.ts, m.pid, m.seq))
    open_by_name: dict[str, Occurrence] = {}
    out: list[Occurrence] = []
    for copy in copies:
        current = open_by_name.get(copy.name)
        if (
            current is None
            or copy.pid in current.seq_by_pid
            or copy.ts - current.ts > _SAME_OCCURRENCE_MS
        ):
            current = Occurrence(known[copy.name], copy.ts)
            open_by_name[copy.name] = current
            out.append(current)
        current.seq_by_pid[copy.pid] = copy.seq
    return out


class PhaseClock:
    """Answers `state(call)` for calls of any process; see the module docstring for the rules.

    `honour_accept=False` ignores `consent_accepted` markers: the controller marks just before
    the decisive tap, so when the tap did not take (consent outcome "failed") the user never
    agreed and everything stays pre-consent.
    """

    def __init__(self, markers: Iterable[MarkerEvent], *, honour_accept: bool = True) -> None:
        occurrences = group_occurrences(markers)
        if not honour_accept:
            occurrences = [o for o in occurrences if o.name is not Marker.consent_accepted]
        self.occurrences = occurrences

    def state(self, call: CallEvent | SendEvent) -> CallState:
        decision = Decision.none
        dialog = False
        background = False
        # Occurrences are in time order, so the last one that precedes the call wins per kind.
        for occ in self.occurrences:
            if not occ.precedes(call):
                continue
            if occ.name is Marker.consent_accepted:
                decision = Decision.accepted
            elif occ.name is Marker.consent_refused:
                decision = Decision.refused
            elif occ.name is Marker.consent_dialog_shown:
                dialog = True
            elif occ.name is Marker.app_background:
                background = True
            elif occ.name in (Marker.app_foreground, Marker.app_relaunched):
                background = False  # a relaunch brings the app to the front again
        return CallState(decision, dialog, background)

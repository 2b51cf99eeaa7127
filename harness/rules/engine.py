"""Events + phase markers -> findings. A pure function over lists; see `evaluate`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from harness.attribution import Attributor
from harness.model import (
    Actor,
    AnyEvent,
    CallEvent,
    Category,
    Finding,
    HostContact,
    MarkerEvent,
    Rule,
    SendEvent,
)
from harness.rules.frequency import frequent_calls
from harness.rules.phases import CallState, Decision, PhaseClock
from harness.rules.sent import contacts_before_consent, sent_findings
from harness.settings import FrequencyLimit
from harness.untrusted import clip

MAX_STACK_FRAMES = 100
MAX_FRAME_CHARS = 500
MAX_EXAMPLE_CHARS = 500
_RULE_ORDER = {rule: i for i, rule in enumerate(Rule)}


def evaluate(
    events: Iterable[AnyEvent],
    *,
    attributor: Attributor,
    resumed_at_ts: float,
    frequency: FrequencyLimit | None = None,
    consent_outcome: str | None = None,
) -> list[Finding]:
    """Apply every rule to the calls of a run and group the hits into findings.

    events: the run's events in any order (calls, markers, process events; as events.jsonl holds
        them). Markers are read from the same list; names other than `harness.model.Marker`
        values (e.g. the controller's "app_resumed") are ignored.
    attributor: names the actor of each call from its stack (it knows the app's package).
    resumed_at_ts: device time (ms) the app was resumed; offsets count from it. 0 = unknown:
        offsets then count from the earliest event.
    frequency: the excessive_frequency limit (default FrequencyLimit()).
    consent_outcome: the report's consent outcome; anything but "accepted" (or None, meaning
        "trust the markers") means a `consent_accepted` marker did not take effect.

    Rules, per call (a call may hit several):
      pre_consent    no accept precedes it (before the dialog, while it is shown, or for the
                     whole run when consent was never given), and no refusal precedes it;
      after_refusal  the latest decision before it is a refusal;
      background     it lies between app_background and the next app_foreground (or the end);
      excessive_frequency  see harness.rules.frequency;
      sent_before_consent, sent_after_refusal, sent_in_background  a value read during the
                     run found in a send in that phase (`harness.rules.sent`; SentFinding).
    Denied calls (SecurityException) are attempts and count; `denied_count` says how many.
    One finding per (rule, category, api, actor kind + name, process), in order of first call.
    """
    limit = frequency or FrequencyLimit()
    calls: list[CallEvent] = []
    markers: list[MarkerEvent] = []
    sends: list[SendEvent] = []
    earliest: float | None = None
    for event in events:
        if isinstance(event, CallEvent):
            calls.append(event)
        elif isinstance(event, SendEvent):
            sends.append(event)
        elif isinstance(event, MarkerEvent):
            markers.append(event)
        else:
            continue
        earliest = event.ts if earliest is None else min(earliest, event.ts)
    calls.sort(key=lambda c: (c.ts, c.pid, c.seq))
    t0 = resumed_at_ts if resumed_at_ts > 0 else (earliest or 0.0)
    clock = PhaseClock(markers, honour_accept=consent_outcome in (None, "accepted"))
    groups: dict[tuple[Rule, Category, str, str, str, str], _Group] = {}

    def add(rule: Rule, call: CallEvent, actor: Actor, state: CallState) -> None:
        key = (rule, call.category, call.api, actor.kind, actor.name, call.process)
        group = groups.get(key)
        if group is None:
            groups[key] = group = _Group(rule, call, actor, state)
        group.count += 1
        group.denied += call.denied

    states: dict[int, CallState] = {}
    actors: dict[int, Actor] = {}
    by_stack: dict[int, Actor] = {}  # calls of one interned stack share one frames list
    for call in calls:
        state = clock.state(call)
        actor = by_stack.get(id(call.stack))
        if actor is None:
            actor = by_stack[id(call.stack)] = attributor.shared(call.stack)
        states[id(call)] = state
        actors[id(call)] = actor
        if state.decision is Decision.none:
            add(Rule.pre_consent, call, actor, state)
        elif state.decision is Decision.refused:
            add(Rule.after_refusal, call, actor, state)
        if state.background:
            add(Rule.background, call, actor, state)
    for call in sorted(frequent_calls(calls, limit), key=lambda c: (c.ts, c.pid, c.seq)):
        add(Rule.excessive_frequency, call, actors[id(call)], states[id(call)])

    found = [(g.first.ts, g.finding(t0)) for g in groups.values()]
    found += sent_findings(
        sends, calls, clock=clock, actor_of=_shared(attributor), t0=t0, iso_time=iso_time
    )
    found.sort(key=lambda pair: (pair[0], _RULE_ORDER[pair[1].rule]))
    return [finding for _, finding in found]


def contacts(
    events: Iterable[AnyEvent],
    *,
    attributor: Attributor,
    resumed_at_ts: float,
    consent_outcome: str | None = None,
) -> list[HostContact]:
    """Every host contacted before consent (see `harness.rules.sent`); arguments as `evaluate`."""
    sends: list[SendEvent] = []
    markers: list[MarkerEvent] = []
    earliest: float | None = None
    for event in events:
        if isinstance(event, SendEvent):
            sends.append(event)
        elif isinstance(event, MarkerEvent):
            markers.append(event)
        elif not isinstance(event, CallEvent):
            continue
        earliest = event.ts if earliest is None else min(earliest, event.ts)
    t0 = resumed_at_ts if resumed_at_ts > 0 else (earliest or 0.0)
    clock = PhaseClock(markers, honour_accept=consent_outcome in (None, "accepted"))
    return contacts_before_consent(
        sends, clock=clock, actor_of=_shared(attributor), t0=t0, iso_time=iso_time
    )


def _shared(attributor: Attributor) -> Callable[[list[str]], Actor]:
    """The attributor's verdict per stack, once per interned stack (calls of one share it)."""
    cache: dict[int, Actor] = {}

    def actor_of(stack: list[str]) -> Actor:
        actor = cache.get(id(stack))
        if actor is None:
            actor = cache[id(stack)] = attributor.shared(stack)
        return actor

    return actor_of


@dataclass
class _Group:
    rule: Rule
    first: CallEvent
    actor: Actor
    state: CallState
    count: int = 0
    denied: int = 0
    extra: dict[str, str] = field(default_factory=dict)

    def finding(self, t0: float) -> Finding:
        call = self.first
        return Finding(
            rule=self.rule,
            data=call.category,
            api=call.api,
            actor=self.actor.model_copy(),
            process=call.process,
            count=self.count,
            denied_count=self.denied,
            first_at=iso_time(call.ts),
            first_offset_s=round((call.ts - t0) / 1000.0, 3),
            phase=self.state.phase.value,
            stack=[clip(f, MAX_FRAME_CHARS) for f in call.stack[:MAX_STACK_FRAMES]],
            example=None if call.ret is None else clip(call.ret, MAX_EXAMPLE_CHARS),
        )


def iso_time(ts_ms: float) -> str:
    """Device time (ms since the epoch) as ISO 8601 in UTC, millisecond precision."""
    moment = datetime.fromtimestamp(ts_ms / 1000.0, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds")

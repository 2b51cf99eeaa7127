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
from harness.rules.permissions import permission_hits
from harness.rules.phases import CallState, Decision, PhaseClock
from harness.rules.probes import without_own_lookups
from harness.rules.sent import contacts_before_consent, sent_findings
from harness.rules.starts import associated, receivers_run
from harness.settings import FrequencyLimit, PermissionRules
from harness.untrusted import clip

MAX_STACK_FRAMES = 100
MAX_FRAME_CHARS = 500
MAX_EXAMPLE_CHARS = 500
_RULE_ORDER = {rule: i for i, rule in enumerate(Rule)}
_NOT_DATA = (Category.runtime_permission, Category.app_start)  # judged by their own rules


def evaluate(
    events: Iterable[AnyEvent],
    *,
    attributor: Attributor,
    resumed_at_ts: float,
    frequency: FrequencyLimit | None = None,
    consent_outcome: str | None = None,
    permissions: PermissionRules | None = None,
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
    Component starts aimed at another package (category app_start) are associated_start
    (harness.rules.starts); the app's own starts are no finding. A manifest receiver of the app
    run by the system (handleReceiver) is self_start, with the receiver's class as its actor.
    A look-up of the app's own package (catalogue `probe_arg`) is no read of installed apps:
    left out (harness.rules.probes).
    Runtime-permission requests (category runtime_permission) are not reads: the data rules
    leave them out, and permission_before_consent / permission_reprompt judge them (see
    harness.rules.permissions; `permissions` configures them). Their findings name the data
    category the permission opens, and `example` lists the permissions.
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
    calls = without_own_lookups(calls, attributor.app_package)
    calls.sort(key=lambda c: (c.ts, c.pid, c.seq))
    t0 = resumed_at_ts if resumed_at_ts > 0 else (earliest or 0.0)
    clock = PhaseClock(markers, honour_accept=consent_outcome in (None, "accepted"))
    groups: dict[tuple[Rule, Category, str, str, str, str], _Group] = {}

    def add(
        rule: Rule, call: CallEvent, actor: Actor, state: CallState, data: Category | None = None
    ) -> _Group:
        category = data or call.category
        key = (rule, category, call.api, actor.kind, actor.name, call.process)
        group = groups.get(key)
        if group is None:
            groups[key] = group = _Group(rule, call, actor, state, data=category)
        if group.last is not call:  # a request of two permissions of one category: one call
            group.last = call
            group.count += 1
            group.denied += call.denied
        return group

    states: dict[int, CallState] = {}
    actors: dict[int, Actor] = {}
    by_stack: dict[int, Actor] = {}  # calls of one interned stack share one frames list
    requests = [c for c in calls if c.category is Category.runtime_permission]
    starts = [c for c in calls if c.category is Category.app_start]
    calls = [c for c in calls if c.category not in _NOT_DATA]
    for call in requests + starts + calls:
        actor = by_stack.get(id(call.stack))
        if actor is None:
            actor = by_stack[id(call.stack)] = attributor.shared(call.stack)
        actors[id(call)] = actor
    for hit in permission_hits(requests, clock, permissions or PermissionRules()):
        group = add(hit.rule, hit.call, actors[id(hit.call)], hit.state, hit.data)
        if hit.permission not in group.permissions:
            group.permissions.append(hit.permission)
    for call, target in associated(starts, attributor.app_package):
        group = add(Rule.associated_start, call, actors[id(call)], clock.state(call))
        if target not in group.permissions:
            group.permissions.append(target)  # the "what": listed in the finding's example
    for run in receivers_run(starts, attributor.app_package):
        # the receiver's onReceive runs next: its class is the innermost frame above delivery
        actor = attributor.attribute([f"{run.receiver}.onReceive(Unknown Source)", *run.call.stack])
        group = add(Rule.self_start, run.call, actor, clock.state(run.call))
        if run.what not in group.permissions:
            group.permissions.append(run.what)
    for call in calls:
        state = clock.state(call)
        actor = actors[id(call)]
        states[id(call)] = state
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
    data: Category | None = None  # the finding's category (default: the call's)
    count: int = 0
    denied: int = 0
    last: CallEvent | None = None  # the last call counted
    # what was asked for: the permissions (permission rules) or target components
    # (associated_start), listed in the finding's example
    permissions: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)

    def finding(self, t0: float) -> Finding:
        call = self.first
        example = None if call.ret is None else clip(call.ret, MAX_EXAMPLE_CHARS)
        if self.permissions:
            example = clip(", ".join(self.permissions), MAX_EXAMPLE_CHARS)
        return Finding(
            rule=self.rule,
            data=self.data or call.category,
            api=call.api,
            actor=self.actor.model_copy(),
            process=call.process,
            count=self.count,
            denied_count=self.denied,
            first_at=iso_time(call.ts),
            first_offset_s=round((call.ts - t0) / 1000.0, 3),
            phase=self.state.phase.value,
            stack=[clip(f, MAX_FRAME_CHARS) for f in call.stack[:MAX_STACK_FRAMES]],
            example=example,
        )


def iso_time(ts_ms: float) -> str:
    """Device time (ms since the epoch) as ISO 8601 in UTC, millisecond precision."""
    moment = datetime.fromtimestamp(ts_ms / 1000.0, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds")

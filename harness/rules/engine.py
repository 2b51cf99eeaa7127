"""Events + phase markers -> findings: `evaluate` over lists, `CallRules` over a stream of calls."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
from harness.rules.frequency import FrequencyWatch, StreamKey, frequent_calls
from harness.rules.permissions import permission_hits
from harness.rules.phases import CallState, Decision, PhaseClock
from harness.rules.probes import is_own_lookup, probe_args
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
        values (e.g. the controller's "app_resumed") are ignored. They are all held in memory
        here; a run's own analysis streams its calls through `CallRules` instead.
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
    calls: list[CallEvent] = []
    markers: list[MarkerEvent] = []
    sends: list[SendEvent] = []
    for event in events:
        if isinstance(event, CallEvent):
            calls.append(event)
        elif isinstance(event, SendEvent):
            sends.append(event)
        elif isinstance(event, MarkerEvent):
            markers.append(event)
    calls.sort(key=lambda c: (c.ts, c.pid, c.seq))
    rules = CallRules(
        attributor=attributor,
        markers=markers,
        sends=sends,
        frequency=frequency,
        consent_outcome=consent_outcome,
        permissions=permissions,
    )
    for call in calls:
        rules.add(call)
    return rules.findings(resumed_at_ts=resumed_at_ts, replay=lambda: iter(calls))


_Key = tuple[Rule, Category, str, str, str, str]


class CallRules:
    """`evaluate` over calls that come one at a time, in any order, holding aggregates only.

    The markers and sends come first (a run keeps them; they decide each call's phase), then
    `add(call)` for every call, then `findings()`. What is held does not grow with the number
    of calls: one group per (rule, category, api, actor, process) with its count and its first
    call, the last few calls of each (process, api) for excessive_frequency (FrequencyWatch),
    the reads a send links to, and the runtime-permission requests and component starts (their
    rules compare requests with each other; an app makes few). The findings are exactly
    `evaluate`'s: each group's first call is its earliest by (ts, pid, seq) whatever the order
    the calls came in, and findings are ordered as evaluate orders them.

    `replay` (given to `findings`) iterates the calls again; it is used only when a process's
    calls came further out of time order than FrequencyWatch allows (see there).
    """

    def __init__(
        self,
        *,
        attributor: Attributor,
        markers: Iterable[MarkerEvent],
        sends: Sequence[SendEvent],
        frequency: FrequencyLimit | None = None,
        consent_outcome: str | None = None,
        permissions: PermissionRules | None = None,
    ) -> None:
        self.markers = list(markers)
        self.sends = list(sends)
        self.attributor = attributor
        self.limit = frequency or FrequencyLimit()
        self.permissions = permissions or PermissionRules()
        self.clock = PhaseClock(self.markers, honour_accept=consent_outcome in (None, "accepted"))
        self.calls = 0
        self.earliest_call: float | None = None
        self._groups: dict[_Key, _Group] = {}
        self._created = 0
        self._requests: list[CallEvent] = []
        self._starts: list[CallEvent] = []
        self._actors: dict[int, tuple[list[str], Actor]] = {}  # by id(stack); the list kept
        self._wanted = {
            (v.read_pid, v.read_seq)
            for s in self.sends
            for v in s.values
            if v.read_pid is not None and v.read_seq is not None
        }
        self._reads: dict[tuple[int, int], CallEvent] = {}  # the reads a send links to
        self._frequent: dict[StreamKey, dict[_Key, _Group]] = {}
        self._watch = FrequencyWatch(self.limit, self._flagged)
        self._probe_args = probe_args()  # look-ups of the app's own package are no probe

    def actor(self, stack: list[str]) -> Actor:
        """The attributor's verdict, once per interned stack (calls of one share its list)."""
        hit = self._actors.get(id(stack))
        if hit is None:
            hit = self._actors[id(stack)] = (stack, self.attributor.shared(stack))
        return hit[1]

    def add(self, call: CallEvent) -> None:
        self.calls += 1
        if self.earliest_call is None or call.ts < self.earliest_call:
            self.earliest_call = call.ts
        if is_own_lookup(call, self.attributor.app_package, self._probe_args):
            return
        if call.category is Category.runtime_permission:
            self._requests.append(call)
            return
        if call.category is Category.app_start:
            self._starts.append(call)
            return
        if (call.pid, call.seq) in self._wanted:
            held = self._reads.get((call.pid, call.seq))
            if held is None or _order(held) <= _order(call):  # as a dict built in time order
                self._reads[(call.pid, call.seq)] = call
        state = self.clock.state(call)
        actor = self.actor(call.stack)
        if state.decision is Decision.none:
            self._hit(self._groups, Rule.pre_consent, call, actor, state)
        elif state.decision is Decision.refused:
            self._hit(self._groups, Rule.after_refusal, call, actor, state)
        if state.background:
            self._hit(self._groups, Rule.background, call, actor, state)
        self._watch.add(call)

    def _flagged(self, stream: StreamKey, call: CallEvent) -> None:
        groups = self._frequent.setdefault(stream, {})
        actor = self.actor(call.stack)
        self._hit(groups, Rule.excessive_frequency, call, actor, self.clock.state(call))

    def _hit(
        self,
        groups: dict[_Key, _Group],
        rule: Rule,
        call: CallEvent,
        actor: Actor,
        state: CallState,
        data: Category | None = None,
    ) -> _Group:
        category = data or call.category
        key = (rule, category, call.api, actor.kind, actor.name, call.process)
        group = groups.get(key)
        if group is None:
            self._created += 1
            groups[key] = group = _Group(rule, call, actor, state, data=category)
            group.created = self._created
        elif _order(call) < _order(group.first):  # its actor too: the frame it names may differ
            group.first, group.state, group.actor = call, state, actor
        if group.last is not call:  # a request of two permissions of one category: one call
            group.last = call
            group.count += 1
            group.denied += call.denied
        return group

    def _merge(self, groups: dict[_Key, _Group]) -> None:
        for key, part in groups.items():
            group = self._groups.get(key)
            if group is None:
                self._groups[key] = part
                continue
            group.count += part.count
            group.denied += part.denied
            if _order(part.first) < _order(group.first):
                group.first, group.state, group.actor = part.first, part.state, part.actor

    def findings(
        self,
        *,
        resumed_at_ts: float,
        replay: Callable[[], Iterable[CallEvent]] | None = None,
    ) -> list[Finding]:
        """Every finding, after the last `add`; see the class docstring for `replay`."""
        self._watch.finish()
        for stream, part in self._frequent.items():
            if stream not in self._watch.disordered:  # judged again below, from all its calls
                self._merge(part)
        self._frequent.clear()
        if self._watch.disordered:
            if replay is None:
                raise ValueError("calls came out of time order and no replay was given")
            self._judge_disordered(replay())
        requests = sorted(self._requests, key=_order)
        starts = sorted(self._starts, key=_order)
        clock = self.clock
        for hit in permission_hits(requests, clock, self.permissions):
            group = self._hit(
                self._groups, hit.rule, hit.call, self.actor(hit.call.stack), hit.state, hit.data
            )
            if hit.permission not in group.permissions:
                group.permissions.append(hit.permission)
        for call, target in associated(starts, self.attributor.app_package):
            group = self._hit(
                self._groups,
                Rule.associated_start,
                call,
                self.actor(call.stack),
                clock.state(call),
            )
            if target not in group.permissions:
                group.permissions.append(target)  # the "what": listed in the finding's example
        for run in receivers_run(starts, self.attributor.app_package):
            # the receiver's onReceive runs next: its class is the innermost frame above delivery
            stack = [f"{run.receiver}.onReceive(Unknown Source)", *run.call.stack]
            group = self._hit(
                self._groups,
                Rule.self_start,
                run.call,
                self.attributor.attribute(stack),
                clock.state(run.call),
            )
            if run.what not in group.permissions:
                group.permissions.append(run.what)
        t0 = resumed_at_ts if resumed_at_ts > 0 else (self.earliest() or 0.0)
        # As evaluate orders them: by first call's time, then rule; within one rule by the
        # first call's (pid, seq), then in the order the groups arose (one call, two groups).
        found: list[tuple[tuple[float, int, int, int, int], Finding]] = [
            (
                (g.first.ts, _RULE_ORDER[g.rule], g.first.pid, g.first.seq, g.created),
                g.finding(t0),
            )
            for g in self._groups.values()
        ]
        sent = sent_findings(
            self.sends,
            self._reads.values(),
            clock=clock,
            actor_of=_shared(self.attributor),
            t0=t0,
            iso_time=iso_time,
        )
        big = self._created + 1
        found += [((ts, _RULE_ORDER[f.rule], 0, 0, big + i), f) for i, (ts, f) in enumerate(sent)]
        found.sort(key=lambda pair: pair[0])
        return [finding for _, finding in found]

    def earliest(self) -> float | None:
        """The earliest call, send or marker (offsets count from it when the resume is unknown)."""
        times = [e.ts for e in (*self.markers, *self.sends)]
        if self.earliest_call is not None:
            times.append(self.earliest_call)
        return min(times, default=None)

    def _judge_disordered(self, calls: Iterable[CallEvent]) -> None:
        """excessive_frequency for the streams FrequencyWatch gave up: from all their calls."""
        streams = self._watch.disordered
        held = [
            c
            for c in calls
            if c.category not in _NOT_DATA
            and (c.pid, c.category, c.api) in streams
            and not is_own_lookup(c, self.attributor.app_package, self._probe_args)
        ]
        for call in sorted(frequent_calls(held, self.limit), key=_order):
            actor = self.actor(call.stack)
            self._hit(self._groups, Rule.excessive_frequency, call, actor, self.clock.state(call))


def _order(call: CallEvent) -> tuple[float, int, int]:
    return (call.ts, call.pid, call.seq)


def contacts(
    events: Iterable[AnyEvent],
    *,
    attributor: Attributor,
    resumed_at_ts: float,
    consent_outcome: str | None = None,
    earliest_ts: float | None = None,
) -> list[HostContact]:
    """Every host contacted before consent (see `harness.rules.sent`); arguments as `evaluate`.

    `earliest_ts`: the earliest event not among `events` (a run passes its markers and sends
    and `CallRules.earliest_call`, not every call)."""
    sends: list[SendEvent] = []
    markers: list[MarkerEvent] = []
    earliest: float | None = earliest_ts
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
    created: int = 0  # when the group arose, among the run's groups
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

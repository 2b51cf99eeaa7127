"""Sends + phase markers -> `sent_*` findings and the hosts contacted before consent.

A send is placed in its consent phase by the same `PhaseClock` as reads (its process's markers
by seq, other processes' by device time). For each value the matcher found in it:

  sent_before_consent  no accept (and no refusal) precedes the send;
  sent_after_refusal   the latest decision before the send is a refusal;
  sent_in_background   the send lies between app_background and the next app_foreground.

A send that carried no read value gives no `sent_*` finding (but counts as a contact when it
was before consent). The actor is the send's: its stack, through the same Attributor as reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from harness.model import Actor, CallEvent, HostContact, Rule, SendEvent, SentFinding, SentValue
from harness.rules.phases import CallState, Decision, PhaseClock
from harness.untrusted import clip

MAX_STACK_FRAMES = 100
MAX_FRAME_CHARS = 500
MAX_HOST_CHARS = 253  # a DNS name's own bound


def _frames(stack: list[str]) -> list[str]:
    return [clip(f, MAX_FRAME_CHARS) for f in stack[:MAX_STACK_FRAMES]]


def host_of(send: SendEvent) -> str:
    return clip(send.host or send.ip or "(unknown)", MAX_HOST_CHARS)


def rules_for(state: CallState) -> list[Rule]:
    rules = []
    if state.decision is Decision.none:
        rules.append(Rule.sent_before_consent)
    elif state.decision is Decision.refused:
        rules.append(Rule.sent_after_refusal)
    if state.background:
        rules.append(Rule.sent_in_background)
    return rules


@dataclass
class _Group:
    rule: Rule
    send: SendEvent
    value: SentValue
    actor: Actor
    state: CallState
    count: int = 0


def sent_findings(
    sends: Sequence[SendEvent],
    calls: Iterable[CallEvent],
    *,
    clock: PhaseClock,
    actor_of: Callable[[list[str]], Actor],
    t0: float,
    iso_time: Callable[[float], str],
) -> list[tuple[float, SentFinding]]:
    """(first send's ts, finding) for every rule hit of every value sent; see the module doc."""
    reads = {(c.pid, c.seq): c for c in calls}
    groups: dict[tuple[Rule, str, str, str, str, str, str], _Group] = {}
    for send in sorted(sends, key=lambda s: (s.ts, s.pid, s.seq)):
        if not send.values:
            continue
        state = clock.state(send)
        rules = rules_for(state)
        if not rules:
            continue
        actor = actor_of(send.stack)
        seen: set[tuple[Rule, str, str]] = set()
        for value in send.values:
            for rule in rules:
                # one count per send, however often it holds the value in this encoding
                key = (rule, value.data.value, host_of(send), value.encoding, actor.kind,
                       actor.name, send.process)  # fmt: skip
                group = groups.get(key)
                if group is None:
                    group = groups[key] = _Group(rule, send, value, actor, state)
                if (rule, value.data.value, value.encoding) not in seen:
                    group.count += 1
                    seen.add((rule, value.data.value, value.encoding))
    out = []
    for g in groups.values():
        read = None
        if g.value.read_seq is not None and g.value.read_pid is not None:
            read = reads.get((g.value.read_pid, g.value.read_seq))
        out.append(
            (
                g.send.ts,
                SentFinding(
                    rule=g.rule,
                    data=g.value.data,
                    api=g.send.api,
                    actor=g.actor.model_copy(),
                    process=g.send.process,
                    count=g.count,
                    first_at=iso_time(g.send.ts),
                    first_offset_s=round((g.send.ts - t0) / 1000.0, 3),
                    phase=g.state.phase.value,
                    stack=_frames(g.send.stack),
                    example=g.value.masked,
                    host=host_of(g.send),
                    encoding=g.value.encoding,
                    channel=g.send.channel,
                    where=g.value.where,
                    send_seq=g.send.seq,
                    send_pid=g.send.pid,
                    bytes=g.send.bytes,
                    excerpt=g.send.excerpt,
                    read_api=g.value.read_api,
                    read_seq=g.value.read_seq,
                    read_pid=g.value.read_pid,
                    read_at=iso_time(read.ts) if read else None,
                    read_offset_s=round((read.ts - t0) / 1000.0, 3) if read else None,
                    read_gap_s=round((g.send.ts - read.ts) / 1000.0, 3) if read else None,
                    read_stack=_frames(read.stack) if read else [],
                    read_actor=actor_of(read.stack).model_copy() if read else None,
                ),
            )
        )
    return out


def contacts_before_consent(
    sends: Iterable[SendEvent],
    *,
    clock: PhaseClock,
    actor_of: Callable[[list[str]], Actor],
    t0: float,
    iso_time: Callable[[float], str],
) -> list[HostContact]:
    """Every host contacted before consent (DNS look-ups included), by host, channel, actor and
    process, the earliest first."""
    out: dict[tuple[str, str, str, str, str], HostContact] = {}
    for send in sorted(sends, key=lambda s: (s.ts, s.pid, s.seq)):
        if clock.state(send).decision is not Decision.none:
            continue
        actor = actor_of(send.stack)
        host = host_of(send)
        key = (host, send.channel.value, actor.kind, actor.name, send.process)
        contact = out.get(key)
        if contact is None:
            contact = out[key] = HostContact(
                host=host,
                ip=clip(send.ip, 64),
                port=send.port,
                channel=send.channel,
                actor=actor.model_copy(),
                process=send.process,
                count=0,
                bytes=0,
                first_at=iso_time(send.ts),
                first_offset_s=round((send.ts - t0) / 1000.0, 3),
            )
        contact.count += 1
        contact.bytes += max(0, send.bytes)
        for value in send.values:
            if value.data not in contact.carried:
                contact.carried.append(value.data)
    return list(out.values())

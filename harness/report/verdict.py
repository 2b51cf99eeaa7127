"""The verdict: one sentence per rule that fired, in English and Chinese, before any evidence.

"Collected before consent: yes, 5 reads of 5 data types by Tencent GDT Ads."; for the sent_*
rules: "Sent before consent: yes, 2 data types to ads.example.com by Tencent GDT Ads." (host
names are the app's: clipped here, escaped by each output). The rules whose calls are not reads
say what they count instead: "Permission requested before consent: yes, 2 requests for
ACCESS_FINE_LOCATION, READ_PHONE_STATE by the app itself."; "Started another app: yes, 1 start
of com.other/com.other.SyncService by ..." (labels.yaml `verdict.by_rule`). A run without
findings says so in one sentence; a run that did not complete adds that its verdict covers only
what was observed. The templates live in labels.yaml (`verdict:`).
"""

from __future__ import annotations

from collections import Counter

from harness.model import Actor, Finding, Rule, SentFinding
from harness.report.labels import Label, RuleSentence, labels
from harness.report.model import VerdictLine
from harness.untrusted import clip

MAX_ACTORS = 3  # named in a sentence; the rest are counted
MAX_HOSTS = 3
MAX_HOST_CHARS = 60
MAX_WHAT = 3  # permissions / components named in a sentence; the rest are counted
MAX_WHAT_CHARS = 80
_PERMISSION_PREFIX = "android.permission."  # the common prefix says nothing in a sentence


def _in(label: Label, lang: str) -> str:
    return label.en if lang == "en" else label.zh


def _actor(actor: Actor, lang: str) -> str:
    if actor.kind in ("sdk", "third_party"):
        return actor.name
    return _in(labels().actor(actor.kind), lang)


def _actors(findings: list[Finding], lang: str) -> str:
    by_reads: Counter[str] = Counter()
    for f in findings:
        by_reads[_actor(f.actor, lang)] += f.count
    names = [name for name, _ in sorted(by_reads.items(), key=lambda kv: (-kv[1], kv[0]))]
    v = labels().verdict
    text = _in(v.separator, lang).join(names[:MAX_ACTORS])
    if len(names) > MAX_ACTORS:
        text += " " + _in(v.more, lang).format(n=len(names) - MAX_ACTORS)
    return text


def _hosts(findings: list[SentFinding], lang: str) -> str:
    hosts = list(dict.fromkeys(clip(f.host, MAX_HOST_CHARS) for f in findings))
    v = labels().verdict
    text = _in(v.separator, lang).join(hosts[:MAX_HOSTS])
    if len(hosts) > MAX_HOSTS:
        text += " " + _in(v.more, lang).format(n=len(hosts) - MAX_HOSTS)
    return text


def _what(rule: Rule, findings: list[Finding], lang: str) -> str:
    """What the findings asked for or started, from their examples (app-controlled: clipped)."""
    items: list[str] = []
    for f in findings:
        if not f.example:
            items.append(_in(labels().category(f.data.value), lang))
        elif rule is Rule.self_start:
            items.append(f.example.split(":", 1)[0])  # "component: action, action"
        else:
            items.extend(part.strip() for part in f.example.split(","))
    names = list(
        dict.fromkeys(
            clip(item.removeprefix(_PERMISSION_PREFIX), MAX_WHAT_CHARS) for item in items if item
        )
    )
    v = labels().verdict
    text = _in(v.separator, lang).join(names[:MAX_WHAT])
    if len(names) > MAX_WHAT:
        text += " " + _in(v.more, lang).format(n=len(names) - MAX_WHAT)
    return text


def _counted(rule: Rule, findings: list[Finding], sentence: RuleSentence) -> VerdictLine:
    label: Label = labels().rule(rule.value)
    count = sum(f.count for f in findings)
    en = sentence.en.format(
        rule=label.en[:1].upper() + label.en[1:],
        count=count,
        noun=sentence.one if count == 1 else sentence.many,
        what=_what(rule, findings, "en"),
        actors=_actors(findings, "en"),
    )
    zh = sentence.zh.format(
        rule=label.zh, count=count, what=_what(rule, findings, "zh"), actors=_actors(findings, "zh")
    )
    return VerdictLine(rule=rule, en=en, zh=zh)


def _sent(rule: Rule, findings: list[SentFinding]) -> VerdictLine:
    label: Label = labels().rule(rule.value)
    types = len({f.data for f in findings})
    template = labels().verdict.sent
    en = template.en.format(
        rule=label.en[:1].upper() + label.en[1:],
        types=types,
        types_word="type" if types == 1 else "types",
        hosts=_hosts(findings, "en"),
        actors=_actors(list(findings), "en"),
    )
    zh = template.zh.format(
        rule=label.zh,
        types=types,
        hosts=_hosts(findings, "zh"),
        actors=_actors(list(findings), "zh"),
    )
    return VerdictLine(rule=rule, en=en, zh=zh)


def _fired(rule: Rule, findings: list[Finding]) -> VerdictLine:
    sent = [f for f in findings if isinstance(f, SentFinding)]
    if sent:
        return _sent(rule, sent)
    sentence = labels().verdict.by_rule.get(rule.value)
    if sentence is not None:
        return _counted(rule, findings, sentence)
    label: Label = labels().rule(rule.value)
    reads = sum(f.count for f in findings)
    types = len({f.data for f in findings})
    template = labels().verdict.fired
    en = template.en.format(
        rule=label.en[:1].upper() + label.en[1:],
        reads=reads,
        reads_word="read" if reads == 1 else "reads",
        types=types,
        types_word="type" if types == 1 else "types",
        actors=_actors(findings, "en"),
    )
    zh = template.zh.format(rule=label.zh, reads=reads, types=types, actors=_actors(findings, "zh"))
    return VerdictLine(rule=rule, en=en, zh=zh)


def verdict(findings: list[Finding], status: str) -> list[VerdictLine]:
    lines = []
    for rule in Rule:  # the rules' own order: before consent first
        fired = [f for f in findings if f.rule is rule]
        if fired:
            lines.append(_fired(rule, fired))
    v = labels().verdict
    if not lines:
        lines.append(VerdictLine(en=v.clean.en, zh=v.clean.zh))
    if status != "completed":
        lines.append(
            VerdictLine(
                en=v.partial.en.format(status=status), zh=v.partial.zh.format(status=status)
            )
        )
    return lines

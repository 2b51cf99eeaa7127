from __future__ import annotations

import dataclasses
from datetime import date

from harness.check.baseline import Baseline, BaselineFinding, baseline_from_report, waived_keys
from harness.check.compare import Status, compare
from harness.check.key import (
    ACTOR_CONTEXT_FIELDS,
    ACTOR_KEY_FIELDS,
    CONTEXT_FIELDS,
    KEY_FIELDS,
    SENT_CONTEXT_FIELDS,
    SENT_KEY_FIELDS,
    FindingKey,
)
from harness.check.waivers import ActorMatch, Waiver, governing_waiver
from harness.model import Actor, Category, Finding, Rule, SentFinding

from .factories import make_finding, make_report

TODAY = date(2025, 6, 1)


def test_key_ignores_what_changes_between_runs() -> None:
    a = make_finding(process="com.x", count=1, offset=0.2)
    b = make_finding(process="com.x:push", count=9, offset=3.7, frame="com.adsdk.Other.m(O.java:1)")
    assert FindingKey.of(a) == FindingKey.of(b)
    assert FindingKey.of(a).fingerprint() == FindingKey.of(b).fingerprint()


def test_key_changes_with_rule_data_api_and_actor() -> None:
    base = FindingKey.of(make_finding())
    variants = [
        make_finding(rule=Rule.background),
        make_finding(data=Category.device_id),
        make_finding(api="android.telephony.TelephonyManager.getImei"),
        make_finding(kind="third_party"),
        make_finding(name="OtherSdk"),
        make_finding(package="com.adsdk.v2"),
    ]
    prints = {FindingKey.of(v).fingerprint() for v in variants}
    assert base.fingerprint() not in prints
    assert len(prints) == len(variants)


def _baseline_of(*findings) -> Baseline:
    return baseline_from_report(make_report(list(findings)), previous=None, by="t", run="r")


def test_new_baselined_and_fixed() -> None:
    old = make_finding(data=Category.imsi, api="android.telephony.TelephonyManager.getSubscriberId")
    gone = make_finding(data=Category.serial, api="android.os.Build.getSerial")
    baseline = _baseline_of(old, gone)
    new = make_finding(
        data=Category.iccid, api="android.telephony.TelephonyManager.getSimSerialNumber"
    )
    result = compare(make_report([old, new]), baseline, [], today=TODAY)
    by_status = {e.status: e.key for e in result.entries}
    assert set(by_status) == {Status.new, Status.baselined, Status.fixed}
    assert by_status[Status.new] == FindingKey.of(new)
    assert by_status[Status.fixed] == FindingKey.of(gone)
    assert [e.key for e in result.failing] == [FindingKey.of(new)]


def test_same_key_in_two_processes_is_one_entry() -> None:
    a = make_finding(process="com.x", offset=2.0)
    b = make_finding(process="com.x:remote", offset=0.3)
    result = compare(make_report([a, b]), None, [], today=TODAY)
    assert len(result.entries) == 1
    assert result.entries[0].finding is not None
    assert result.entries[0].finding.process == "com.x:remote"  # the earliest read is shown


def test_waiver_in_force_then_expired() -> None:
    f = make_finding()
    waiver = Waiver(
        rule=Rule.pre_consent,
        data=Category.android_id,
        reason="vendor fix in 4.2",
        expires=date(2025, 6, 1),
    )
    on_last_day = compare(make_report([f]), None, [waiver], today=TODAY)
    assert on_last_day.entries[0].status == Status.waived
    assert not on_last_day.failing
    day_after = compare(make_report([f]), None, [waiver], today=date(2025, 6, 2))
    assert day_after.entries[0].status == Status.expired
    assert day_after.entries[0].waiver == waiver
    assert len(day_after.failing) == 1


def test_waiver_fields_narrow_the_match() -> None:
    f = make_finding()
    other_actor = Waiver(
        rule=Rule.pre_consent,
        data=Category.android_id,
        actor=ActorMatch(name="Bugly"),
        reason="x",
        expires=date(2030, 1, 1),
    )
    other_api = Waiver(
        rule=Rule.pre_consent,
        data=Category.android_id,
        api="a.B.c",
        reason="x",
        expires=date(2030, 1, 1),
    )
    exact = Waiver(
        rule=Rule.pre_consent,
        data=Category.android_id,
        api="android.provider.Settings$Secure.getString",
        actor=ActorMatch(kind="sdk", name="AdSdk", package="com.adsdk"),
        reason="x",
        expires=date(2030, 1, 1),
    )
    assert compare(make_report([f]), None, [other_actor, other_api], today=TODAY).failing
    assert not compare(make_report([f]), None, [exact], today=TODAY).failing


def test_a_live_waiver_wins_over_an_expired_one() -> None:
    f = make_finding()
    old = Waiver(
        rule=Rule.pre_consent, data=Category.android_id, reason="old", expires=date(2024, 1, 1)
    )
    fresh = Waiver(
        rule=Rule.pre_consent, data=Category.android_id, reason="renewed", expires=date(2026, 1, 1)
    )
    entry = compare(make_report([f]), None, [old, fresh], today=TODAY).entries[0]
    assert entry.status == Status.waived and entry.waiver == fresh


def test_an_expired_waiver_fails_a_finding_even_if_a_baseline_accepted_it() -> None:
    f = make_finding()
    baseline = _baseline_of(f)  # e.g. a baseline written before accepting kept waived keys out
    waiver = Waiver(
        rule=Rule.pre_consent, data=Category.android_id, reason="old", expires=date(2025, 5, 31)
    )
    baseline.waivers.append(waiver)
    entry = compare(make_report([f]), baseline, [], today=TODAY).entries[0]
    assert entry.status == Status.expired and entry.waiver == waiver
    assert entry.accepted is not None  # still shown as once accepted
    live = compare(make_report([f]), baseline, [], today=date(2025, 5, 31)).entries[0]
    assert live.status == Status.waived


def test_accepting_keeps_waived_findings_out_of_the_baseline() -> None:
    waived = make_finding()
    other = make_finding(
        data=Category.imsi, api="android.telephony.TelephonyManager.getSubscriberId"
    )
    live = Waiver(
        rule=Rule.pre_consent, data=Category.android_id, reason="r", expires=date(2030, 1, 1)
    )
    report = make_report([waived, other])
    accepted = baseline_from_report(report, previous=None, by="t", run="r", waivers=[live])
    assert [f.key() for f in accepted.findings] == [FindingKey.of(other)]
    assert waived_keys(report, [live]) == {FindingKey.of(waived): live}
    # an expired waiver keeps it out too: only removing the waiver lets the baseline take over
    gone = live.model_copy(update={"expires": date(2020, 1, 1)})
    previous = Baseline(waivers=[gone])
    again = baseline_from_report(report, previous=previous, by="t", run="r")
    assert [f.key() for f in again.findings] == [FindingKey.of(other)]
    assert again.waivers == [gone]
    assert compare(report, again, [], today=TODAY).failing[0].key == FindingKey.of(waived)
    plain = baseline_from_report(report, previous=Baseline(), by="t", run="r")
    assert {f.key() for f in plain.findings} == {FindingKey.of(waived), FindingKey.of(other)}


def test_governing_waiver_is_the_latest_matching_one() -> None:
    key = FindingKey.of(make_finding())
    early = Waiver(
        rule=Rule.pre_consent, data=Category.android_id, reason="a", expires=date(2024, 1, 1)
    )
    late = early.model_copy(update={"expires": date(2026, 1, 1)})
    other = Waiver(
        rule=Rule.background, data=Category.android_id, reason="b", expires=date(2099, 1, 1)
    )
    assert governing_waiver([early, other, late], key) == late
    assert governing_waiver([other], key) is None


def test_every_finding_field_is_either_key_or_context() -> None:
    # a field added to Finding (a transmission's host, say) must be placed in key.py's table
    assert set(KEY_FIELDS) | set(CONTEXT_FIELDS) == set(Finding.model_fields)
    assert not set(KEY_FIELDS) & set(CONTEXT_FIELDS)
    assert set(ACTOR_KEY_FIELDS) | set(ACTOR_CONTEXT_FIELDS) == set(Actor.model_fields)
    key_fields = {f.name for f in dataclasses.fields(FindingKey)}
    assert key_fields == {"rule", "data", "api", "host"} | {f"actor_{a}" for a in ACTOR_KEY_FIELDS}
    sent_only = set(SentFinding.model_fields) - set(Finding.model_fields)
    assert set(SENT_KEY_FIELDS) | set(SENT_CONTEXT_FIELDS) == sent_only
    for name in ("pid", "time", "timestamp"):
        assert not any(name in f for f in key_fields)
    # and what the table calls context really does not move the key
    a = make_finding()
    b = a.model_copy(
        update={
            "process": "com.x:push",
            "count": 7,
            "denied_count": 2,
            "first_at": "2031-01-01T00:00:00+00:00",
            "first_offset_s": 9.5,
            "phase": "after_consent",
            "stack": ["x.Y.z(Y.java:1)"],
            "example": "a1b2…",
            "actor": a.actor.model_copy(
                update={"vendor": "V", "frame": "q.R.s(R.java:2)", "note": "n"}
            ),
        }
    )
    assert set(CONTEXT_FIELDS) <= {
        f for f in Finding.model_fields if getattr(a, f) != getattr(b, f)
    }
    assert FindingKey.of(a) == FindingKey.of(b)


def test_waivers_in_the_baseline_file_apply() -> None:
    f = make_finding()
    baseline = Baseline(
        waivers=[
            Waiver(
                rule=Rule.pre_consent,
                data=Category.android_id,
                reason="r",
                expires=date(2030, 1, 1),
            )
        ]
    )
    assert compare(make_report([f]), baseline, [], today=TODAY).entries[0].status == Status.waived


def test_unchecked_rules_are_ignored() -> None:
    f = make_finding(rule=Rule.excessive_frequency)
    result = compare(make_report([f]), None, [], today=TODAY, rules=[Rule.pre_consent])
    assert result.entries[0].status == Status.ignored
    assert not result.failing


def test_accept_keeps_waivers_and_notes() -> None:
    f = make_finding()
    previous = _baseline_of(f)
    previous.findings[0] = previous.findings[0].model_copy(update={"note": "reviewed in #12"})
    previous.waivers.append(
        Waiver(
            rule=Rule.background, data=Category.location, reason="maps", expires=date(2030, 1, 1)
        )
    )
    g = make_finding(
        data=Category.iccid, api="android.telephony.TelephonyManager.getSimSerialNumber"
    )
    accepted = baseline_from_report(make_report([f, g]), previous=previous, by="alice", run="r2")
    assert {x.key() for x in accepted.findings} == {FindingKey.of(f), FindingKey.of(g)}
    assert previous.waivers == accepted.waivers
    notes = {x.key(): x.note for x in accepted.findings}
    assert notes[FindingKey.of(f)] == "reviewed in #12"
    assert accepted.accepted is not None and accepted.accepted.by == "alice"
    assert isinstance(accepted.findings[0], BaselineFinding)

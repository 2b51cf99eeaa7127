"""pre_consent, after_refusal and background, and how calls are placed in phases."""

from __future__ import annotations

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.model import Category, Finding, MarkerEvent, Rule
from harness.rules import evaluate
from tests.rules.builders import APP, APP_STACK, T0, Stream

PUSH = f"{APP}:push"


@pytest.fixture(scope="module")
def who() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def _run(s: Stream, who: Attributor, **kw: object) -> list[Finding]:
    return evaluate(s.events, attributor=who, resumed_at_ts=T0, **kw)  # type: ignore[arg-type]


def _by_rule(findings: list[Finding], rule: Rule) -> list[Finding]:
    return [f for f in findings if f.rule is rule]


def test_pre_consent_before_dialog_and_while_shown_not_after_accept(who: Attributor) -> None:
    s = Stream()
    s.call(0.5)
    s.mark(2.0, "consent_dialog_shown")
    s.call(3.0)
    s.call(3.5, category=Category.android_id, api="android.provider.Settings$Secure.getString")
    s.mark(15.0, "consent_accepted")
    s.call(15.2)
    findings = _run(s, who)
    pre = _by_rule(findings, Rule.pre_consent)
    assert [(f.data, f.count) for f in pre] == [(Category.device_id, 2), (Category.android_id, 1)]
    imei = pre[0]
    assert imei.phase == "before_dialog"  # the first call's phase
    assert imei.first_offset_s == 0.5
    assert imei.first_at == "2023-11-14T22:13:20.500+00:00"
    assert imei.example == "86******12"
    assert imei.actor.kind == "sdk" and imei.actor.name == "Tencent GDT Ads (优量汇)"
    assert imei.stack[0].startswith("com.qq.e.")
    assert pre[1].phase == "dialog_shown"
    assert not _by_rule(findings, Rule.after_refusal)


def test_seq_decides_within_a_process_even_if_ts_disagrees(who: Attributor) -> None:
    # A call recorded just after the marker in the same stream but with an equal/earlier device
    # timestamp (clock granularity) is still after the marker: seq is exact.
    s = Stream()
    s.mark(5.0, "consent_accepted")
    after = s.call(4.999)
    assert after.seq > 1
    assert not _run(s, who)


def test_never_accepted_everything_is_pre_consent(who: Attributor) -> None:
    s = Stream()
    s.call(1.0)
    s.mark(2.0, "consent_dialog_shown")
    s.call(30.0)  # dialog left unanswered (--consent none)
    pre = _by_rule(_run(s, who), Rule.pre_consent)
    assert len(pre) == 1 and pre[0].count == 2


def test_no_dialog_at_all_everything_is_pre_consent(who: Attributor) -> None:
    s = Stream()
    for t in (0.1, 5.0, 14.0):
        s.call(t, stack=APP_STACK)
    (pre,) = _run(s, who)
    assert (pre.rule, pre.count, pre.actor.kind, pre.phase) == (
        Rule.pre_consent,
        3,
        "app",
        "before_dialog",
    )


def test_after_refusal(who: Attributor) -> None:
    s = Stream()
    s.call(1.0)
    s.mark(2.0, "consent_dialog_shown")
    s.mark(16.0, "consent_refused")
    s.call(16.5)
    s.call(17.0)
    findings = _run(s, who)
    (pre,) = _by_rule(findings, Rule.pre_consent)
    (refused,) = _by_rule(findings, Rule.after_refusal)
    assert pre.count == 1
    assert (refused.count, refused.phase, refused.first_offset_s) == (2, "after_refusal", 16.5)


def test_failed_accept_tap_is_not_consent(who: Attributor) -> None:
    s = Stream()
    s.mark(2.0, "consent_dialog_shown")
    s.mark(15.0, "consent_accepted")  # marked before the tap; the tap did not take
    s.call(16.0)
    assert not _run(s, who, consent_outcome="accepted")
    (pre,) = _run(s, who, consent_outcome="failed")
    assert pre.rule is Rule.pre_consent and pre.phase == "dialog_shown"


def test_background_and_pre_consent_both_fire(who: Attributor) -> None:
    s = Stream()
    s.mark(20.0, "app_background")
    s.call(21.0)
    s.mark(25.0, "app_foreground")
    s.call(26.0)
    findings = _run(s, who)
    (bg,) = _by_rule(findings, Rule.background)
    (pre,) = _by_rule(findings, Rule.pre_consent)
    assert (bg.count, bg.phase, bg.first_offset_s) == (1, "background", 21.0)
    assert pre.count == 2


def test_background_after_accept_only_background(who: Attributor) -> None:
    s = Stream()
    s.mark(2.0, "consent_dialog_shown")
    s.mark(10.0, "consent_accepted")
    s.call(12.0)
    s.mark(20.0, "app_background")
    s.call(21.0)
    s.call(29.0)  # no foreground marker: background to the end
    (bg,) = _run(s, who)
    assert (bg.rule, bg.count) == (Rule.background, 2)


def test_marker_copies_in_other_processes(who: Attributor) -> None:
    both = {100: APP, 200: PUSH}
    s = Stream()
    s.call(0.5, pid=200, process=PUSH)
    s.mark(2.0, "consent_dialog_shown", pids=both)
    s.call(9.0)
    s.mark(10.0, "consent_accepted", pids=both)
    # The push process's call is stamped *before* the main process's marker copy (10.000 s),
    # but its own stream holds its accept copy first: seq in its own stream decides.
    s.call(9.9995, pid=200, process=PUSH)
    findings = _run(s, who)
    pre = {(f.process, f.count) for f in _by_rule(findings, Rule.pre_consent)}
    assert pre == {(PUSH, 1), (APP, 1)}


def test_process_started_after_marker_compares_by_time(who: Attributor) -> None:
    s = Stream()
    s.mark(2.0, "consent_dialog_shown")
    s.mark(10.0, "consent_refused")
    # :push started at 12 s, after both markers: it has no copies, the earliest copies stand in.
    s.call(12.0, pid=300, process=PUSH)
    s.mark(20.0, "app_background", pids={100: APP, 300: PUSH})
    s.call(21.0, pid=300, process=PUSH)
    findings = _run(s, who)
    assert not _by_rule(findings, Rule.pre_consent)
    (refused,) = _by_rule(findings, Rule.after_refusal)
    assert (refused.process, refused.count) == (PUSH, 2)
    (bg,) = _by_rule(findings, Rule.background)
    assert bg.first_offset_s == 21.0


def test_process_that_missed_a_marker_copy_uses_time(who: Attributor) -> None:
    # :push was alive but its copy of consent_accepted never arrived: time decides for it.
    s = Stream()
    s.mark(2.0, "consent_dialog_shown", pids={100: APP, 200: PUSH})
    s.mark(10.0, "consent_accepted")
    s.call(9.0, pid=200, process=PUSH)
    s.call(11.0, pid=200, process=PUSH)
    (pre,) = _run(s, who)
    assert (pre.rule, pre.count, pre.first_offset_s) == (Rule.pre_consent, 1, 9.0)


def test_denied_calls_are_attempts(who: Attributor) -> None:
    s = Stream()
    s.call(1.0, denied=True, ret=None)
    s.call(1.5, denied=False)
    (pre,) = _run(s, who)
    assert (pre.count, pre.denied_count, pre.example) == (2, 1, None)


def test_grouping_by_api_actor_and_process(who: Attributor) -> None:
    s = Stream()
    s.call(1.0)
    s.call(1.1, stack=APP_STACK)
    s.call(1.2, api="android.telephony.TelephonyManager.getImei")
    s.call(1.3, pid=200, process=PUSH)
    s.call(5.0)
    pre = _by_rule(_run(s, who), Rule.pre_consent)
    keys = [(f.api.rsplit(".", 1)[1], f.actor.kind, f.process, f.count) for f in pre]
    assert keys == [
        ("getDeviceId", "sdk", APP, 2),
        ("getDeviceId", "app", APP, 1),
        ("getImei", "sdk", APP, 1),
        ("getDeviceId", "sdk", PUSH, 1),
    ]


def test_unknown_marker_names_and_process_events_are_ignored(who: Attributor) -> None:
    s = Stream()
    s.events.append(MarkerEvent(seq=0, ts=T0, pid=100, process=APP, name="app_resumed"))
    s.call(1.0)
    (pre,) = _run(s, who)
    assert pre.first_offset_s == 1.0


def test_offsets_fall_back_to_first_event_without_resume_time(who: Attributor) -> None:
    s = Stream()
    s.call(3.0)
    s.call(4.5)
    (pre,) = evaluate(s.events, attributor=who, resumed_at_ts=0)
    assert pre.first_offset_s == 0.0


def test_input_order_does_not_matter(who: Attributor) -> None:
    s = Stream()
    s.call(1.0)
    s.mark(2.0, "consent_dialog_shown")
    s.mark(5.0, "consent_accepted")
    s.call(6.0)
    s.mark(7.0, "app_background")
    s.call(8.0)
    forward = _run(s, who)
    s.events.reverse()
    assert _run(s, who) == forward

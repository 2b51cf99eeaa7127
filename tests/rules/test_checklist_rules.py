"""permission_before_consent, permission_reprompt and associated_start over built events."""

from __future__ import annotations

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.model import CallEvent, Category, Finding, Rule
from harness.rules import evaluate
from harness.rules.starts import target_of
from harness.settings import PermissionRules
from tests.rules.builders import APP, APP_STACK, T0, Stream

REQUEST = "android.app.Activity.requestPermissions"
FINE = "android.permission.ACCESS_FINE_LOCATION"
PHONE = "android.permission.READ_PHONE_STATE"
START = "android.content.ContextWrapper.startService"


@pytest.fixture
def who() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def _ask(s: Stream, at_s: float, *perms: str, pid: int = 100) -> CallEvent:
    call = s.call(
        at_s, pid=pid, category=Category.runtime_permission, api=REQUEST, stack=APP_STACK, ret=None
    )
    call.args = [f"[{', '.join(perms)}]", "1"]
    return call


def _start(s: Stream, at_s: float, intent: str, api: str) -> CallEvent:
    call = s.call(at_s, category=Category.app_start, api=api, stack=APP_STACK, ret=None)
    call.args = [intent]
    return call


def _rule(findings: list[Finding], rule: Rule) -> list[Finding]:
    return [f for f in findings if f.rule is rule]


def test_request_before_accept_is_a_finding_per_category_and_never_a_read(who: Attributor) -> None:
    s = Stream()
    _ask(s, 0.1, FINE, PHONE, "android.permission.INTERNET")
    s.mark(1.0, "consent_dialog_shown")
    s.mark(2.0, "consent_accepted")
    _ask(s, 3.0, FINE)
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    before = _rule(found, Rule.permission_before_consent)
    assert {(f.data.value, f.example, f.count) for f in before} == {
        ("location", FINE, 1),
        ("device_id", PHONE, 1),
    }
    assert before[0].actor.kind == "app" and before[0].phase == "before_dialog"
    assert not _rule(found, Rule.pre_consent)  # a request is not a read
    every = evaluate(
        s.events,
        attributor=who,
        resumed_at_ts=T0,
        permissions=PermissionRules(all_permissions=True),
    )
    assert {f.data.value for f in _rule(every, Rule.permission_before_consent)} == {
        "location",
        "device_id",
        "runtime_permission",
    }


def test_reprompt_needs_a_denial_between_the_requests_and_within_the_window(
    who: Attributor,
) -> None:
    s = Stream()
    _ask(s, 0.1, FINE)
    _ask(s, 0.5, FINE)  # asked twice before any answer: not a re-prompt
    s.mark(1.0, "permission_prompt_denied")
    _ask(s, 2.0, FINE, PHONE)  # PHONE was never asked before
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    again = _rule(found, Rule.permission_reprompt)
    assert [(f.data.value, f.count, f.first_offset_s) for f in again] == [("location", 1, 2.0)]
    short = PermissionRules(reprompt_hours=0.5 / 3600 / 1000 * 100)  # 0.05 s
    late = evaluate(s.events, attributor=who, resumed_at_ts=T0, permissions=short)
    assert not _rule(late, Rule.permission_reprompt)


def test_allowed_prompts_give_no_reprompt(who: Attributor) -> None:
    s = Stream()
    _ask(s, 0.1, FINE)
    s.mark(1.0, "permission_prompt_allowed")
    _ask(s, 2.0, FINE)
    assert not _rule(evaluate(s.events, attributor=who, resumed_at_ts=T0), Rule.permission_reprompt)


def test_reprompt_on_relaunch_across_processes(who: Attributor) -> None:
    s = Stream()
    _ask(s, 0.1, FINE, pid=100)
    s.mark(1.0, "permission_prompt_denied", pids={100: APP})
    s.mark(5.0, "app_relaunched", pids={200: APP})
    _ask(s, 5.5, FINE, pid=200)
    again = _rule(evaluate(s.events, attributor=who, resumed_at_ts=T0), Rule.permission_reprompt)
    assert len(again) == 1 and again[0].first_offset_s == 5.5


@pytest.mark.parametrize(
    ("intent", "target"),
    [
        ("Intent { cmp=com.other.app/.PushService }", "com.other.app/.PushService"),
        ("Intent { act=x.WAKE pkg=com.other.app }", "com.other.app"),
        ("Intent { act=android.intent.action.VIEW }", None),
        ("Intent { cmp=com.example.shop/.Sync }", "com.example.shop/.Sync"),
        ('Intent { pkg=<x"y> }', None),
    ],
)
def test_intent_targets(intent: str, target: str | None) -> None:
    s = Stream()
    assert target_of(_start(s, 0.1, intent, "android.content.ContextWrapper.startService")) == (
        target
    )


def test_associated_start_only_for_another_package(who: Attributor) -> None:
    s = Stream()
    _start(s, 0.1, "Intent { cmp=com.example.shop/.Sync }", "android.content.ContextWrapper.x")
    _start(
        s, 0.2, "Intent { cmp=com.other.app/.Svc }", "android.content.ContextWrapper.startService"
    )
    _start(
        s, 0.3, "Intent { cmp=com.other.app/.Svc }", "android.content.ContextWrapper.startService"
    )
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    assoc = _rule(found, Rule.associated_start)
    assert [(f.count, f.example, f.data.value) for f in assoc] == [
        (2, "com.other.app/.Svc", "app_start")
    ]
    assert not _rule(found, Rule.pre_consent)


def test_every_rule_has_check_text_labels_and_a_legal_reference() -> None:
    from harness.check.rules import RULE_TEXT
    from harness.report.labels import labels
    from harness.report.legal import legal_table

    assert set(RULE_TEXT) == set(Rule)
    assert all(labels().rule(r.value).zh for r in Rule)
    table = legal_table()
    assert {r.value for r in Rule} <= set(table.rules)  # every rule names its clauses


def test_a_relaunch_ends_the_background_phase(who: Attributor) -> None:
    s = Stream()
    s.mark(1.0, "consent_refused")
    s.mark(2.0, "app_background")
    s.call(2.5)
    s.mark(5.0, "app_relaunched", pids={200: APP})
    s.call(5.5, pid=200)
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    assert [f.first_offset_s for f in found if f.rule is Rule.background] == [2.5]
    after = [f for f in found if f.rule is Rule.after_refusal]
    assert [f.phase for f in after] == ["background"] and after[0].count == 2


RECEIVER = "android.app.ActivityThread.handleReceiver"
FRAMEWORK_STACK = [
    "android.app.ActivityThread.handleReceiver(ActivityThread.java:1)",
    "android.os.Looper.loop(Looper.java:1)",
]


def _receiver(s: Stream, at_s: float, intent: str) -> CallEvent:
    call = s.call(at_s, category=Category.app_start, api=RECEIVER, stack=FRAMEWORK_STACK, ret=None)
    call.args = [f"ReceiverData{{intent={intent} packageName={APP} resultCode=0}}"]
    return call


def test_a_receiver_the_system_runs_is_self_start_with_the_receivers_class_as_actor(
    who: Attributor,
) -> None:
    s = Stream()
    boot = "Intent { act=android.intent.action.BOOT_COMPLETED cmp=com.example.shop/.Boot }"
    _receiver(s, 0.1, boot)
    _receiver(s, 5.0, boot)
    sdk = "Intent { act=android.net.conn.CONNECTIVITY_CHANGE cmp=com.qq.e.comm.NetReceiver }"
    _receiver(s, 0.2, sdk.replace("cmp=", "cmp=com.example.shop/"))
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    selfs = _rule(found, Rule.self_start)
    assert [(f.example, f.count, f.actor.kind) for f in selfs] == [
        ("com.example.shop.Boot: android.intent.action.BOOT_COMPLETED", 2, "app"),
        ("com.qq.e.comm.NetReceiver: android.net.conn.CONNECTIVITY_CHANGE", 1, "sdk"),
    ]
    assert selfs[0].stack == FRAMEWORK_STACK  # the delivery's own frames, as recorded
    assert not _rule(found, Rule.associated_start)  # its own receiver: no other app
    assert not _rule(found, Rule.pre_consent)  # a receiver running is no read


def test_a_broadcast_the_app_sent_itself_is_no_self_start(who: Attributor) -> None:
    s = Stream()
    _start(s, 0.1, "Intent { act=com.example.shop.SYNC pkg=com.example.shop }", START)
    _receiver(s, 0.2, "Intent { act=com.example.shop.SYNC cmp=com.example.shop/.Sync }")
    _receiver(s, 0.3, "Intent { act=com.other.WAKE cmp=com.example.shop/.Sync }")
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    assert [f.example for f in _rule(found, Rule.self_start)] == [
        "com.example.shop.Sync: com.other.WAKE"
    ]


def test_a_look_up_of_the_apps_own_package_is_no_probe(who: Attributor) -> None:
    s = Stream()
    for at_s, probed in ((0.1, APP), (0.2, "com.tencent.mm"), (0.3, "com.eg.android.AlipayGphone")):
        call = s.call(
            at_s,
            category=Category.installed_apps,
            api="android.app.ApplicationPackageManager.getPackageInfo",
            stack=APP_STACK,
        )
        call.hook_id = "appPackageManager.getPackageInfo"
        call.args = [probed, "0"]
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    (probe,) = _rule(found, Rule.pre_consent)
    assert (probe.data.value, probe.count) == ("installed_apps", 2)

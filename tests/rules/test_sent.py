"""sent_before_consent, sent_after_refusal, sent_in_background, and the hosts contacted before
consent: sends placed in phases by the same clock as reads."""

from __future__ import annotations

import pytest

from harness.attribution import Attributor, load_sdk_db
from harness.model import Category, Channel, Finding, Rule, SentFinding
from harness.rules import contacts, evaluate
from tests.rules.builders import APP, APP_STACK, T0, Stream

PUSH = f"{APP}:push"
SENT = (Rule.sent_before_consent, Rule.sent_after_refusal, Rule.sent_in_background)


@pytest.fixture(scope="module")
def who() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def _sent(s: Stream, who: Attributor, outcome: str | None = None) -> list[SentFinding]:
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0, consent_outcome=outcome)
    return [f for f in found if isinstance(f, SentFinding)]


def test_a_read_sent_before_consent_is_one_finding_with_the_whole_chain(who: Attributor) -> None:
    s = Stream()
    imei = s.call(0.05)
    s.send(0.31, read=imei)
    s.send(0.5, read=imei)
    s.mark(2.0, "consent_dialog_shown")
    s.mark(5.0, "consent_accepted")
    s.send(6.0, read=imei)  # after consent: no finding
    [f] = _sent(s, who)
    assert (f.rule, f.data, f.host, f.encoding, f.count) == (
        Rule.sent_before_consent,
        Category.device_id,
        "ads.example.com",
        "md5",
        2,
    )
    assert f.actor.kind == "sdk" and f.actor.name == "Tencent GDT Ads (优量汇)"
    assert (f.first_offset_s, f.read_offset_s) == (0.31, 0.05)
    assert f.read_api == "android.telephony.TelephonyManager.getDeviceId"
    assert (f.read_seq, f.read_pid) == (imei.seq, 100) and f.send_seq == imei.seq + 1
    assert f.read_stack[0].startswith("com.qq.e.") and f.stack[0].startswith("com.qq.e.")
    assert f.read_actor is not None and f.read_actor.name == f.actor.name
    assert f.channel is Channel.okhttp and f.phase == "before_dialog"
    assert f.first_at == "2023-11-14T22:13:20.310+00:00"
    assert f.read_at == "2023-11-14T22:13:20.050+00:00"


def test_after_refusal_and_in_background(who: Attributor) -> None:
    s = Stream()
    mac = s.call(0.1, category=Category.mac_address, api="android.net.wifi.WifiInfo.getMacAddress")
    s.mark(3.0, "consent_refused")
    s.send(4.0, read=mac, host="t.example.net", encoding="no_separators")
    s.mark(6.0, "app_background")
    s.send(7.0, read=mac, host="t.example.net", encoding="no_separators")
    found = _sent(s, who, "refused")
    assert [(f.rule, f.first_offset_s, f.count) for f in found] == [
        (Rule.sent_after_refusal, 4.0, 2),
        (Rule.sent_in_background, 7.0, 1),
    ]
    assert found[1].phase == "background"


def test_background_after_accept_is_only_sent_in_background(who: Attributor) -> None:
    s = Stream()
    loc = s.call(0.1, category=Category.location)
    s.mark(1.0, "consent_accepted")
    s.mark(2.0, "app_background")
    s.send(3.0, read=loc)
    assert [f.rule for f in _sent(s, who)] == [Rule.sent_in_background]


def test_read_but_never_sent_and_non_personal_sends_give_no_sent_finding(who: Attributor) -> None:
    s = Stream()
    s.call(0.1)  # read, never sent
    s.send(0.2)  # a request that carried no read value
    found = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    assert [f.rule for f in found] == [Rule.pre_consent]
    assert not any(f.rule in SENT for f in found)
    # ...but the host was contacted before consent all the same
    [contact] = contacts(s.events, attributor=who, resumed_at_ts=T0)
    assert (contact.host, contact.count, contact.bytes, contact.carried) == (
        "ads.example.com",
        1,
        512,
        [],
    )


def test_a_send_from_another_process_uses_that_process_markers(who: Attributor) -> None:
    s = Stream()
    imei = s.call(0.1, pid=200, process=PUSH)
    s.mark(1.0, "consent_accepted", pids={100: APP, 200: PUSH})
    # device time says before the marker, but in the :push stream the marker came first
    s.events[-1].ts = T0 + 1200
    s.send(1.1, read=imei, pid=200, process=PUSH)
    assert _sent(s, who) == []
    s2 = Stream()
    imei2 = s2.call(0.1, pid=200, process=PUSH)
    s2.send(0.2, read=imei2, pid=200, process=PUSH)
    [f] = _sent(s2, who)
    assert f.process == PUSH and f.send_pid == 200


def test_an_unhooked_read_still_reports_the_send(who: Attributor) -> None:
    s = Stream()
    sent = s.send(0.2, read=s.call(0.1))
    sent.values[0].read_seq = sent.values[0].read_pid = None
    sent.values[0].read_api = ""
    [f] = _sent(s, who)
    assert f.read_seq is None and f.read_at is None and f.read_stack == []


def test_contacts_group_per_host_channel_actor_and_skip_after_consent(who: Attributor) -> None:
    s = Stream()
    imei = s.call(0.1)
    s.send(0.2, read=imei, size=100)
    s.send(0.3, size=50)
    s.send(0.4, host="api.example.org", channel=Channel.dns, size=0, stack=APP_STACK)
    s.mark(1.0, "consent_accepted")
    s.send(2.0, host="late.example.com")
    found = contacts(s.events, attributor=who, resumed_at_ts=T0, consent_outcome="accepted")
    assert [(c.host, c.channel, c.actor.kind, c.count, c.bytes, c.carried) for c in found] == [
        ("ads.example.com", Channel.okhttp, "sdk", 2, 150, [Category.device_id]),
        ("api.example.org", Channel.dns, "app", 1, 0, []),
    ]


def test_existing_findings_json_is_unchanged(who: Attributor) -> None:
    s = Stream()
    s.call(0.1)
    [f] = evaluate(s.events, attributor=who, resumed_at_ts=T0)
    assert type(f) is Finding
    assert set(f.model_dump()) == {
        "rule", "data", "api", "actor", "process", "count", "denied_count", "first_at",
        "first_offset_s", "phase", "stack", "example",
    }  # fmt: skip

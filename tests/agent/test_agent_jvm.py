"""The agent in a real JVM (JDK 17 HotSpot) running the stand-in app: one event per call, right
category, masked values, the calling frame on the stack, and nothing the app can notice."""

from __future__ import annotations

import time
from pathlib import Path

from harness.model import MarkerEvent
from tests.agent.conftest import FixtureApp


def _only(calls: list, api: str):  # noqa: ANN001, ANN202 - small local helper
    assert [c.api for c in calls] == [api], [c.api for c in calls]
    return calls[0]


def test_static_initialiser_call_is_recorded_with_its_frame(hooked_app: FixtureApp) -> None:
    call = _only(hooked_app.calls_of("clinit"), "android.telephony.TelephonyManager.getDeviceId")
    assert call.category.value == "device_id"
    assert call.ret == "86**********123"
    assert call.stack[0].startswith("fixture.Main$EarlyInit.<clinit>(Main.java:")
    assert call.thread == "main"
    assert call.process == "com.example.fixture"


def test_delegating_overload_yields_one_event(hooked_app: FixtureApp) -> None:
    # getImei() calls getImei(int) internally, as in AOSP: the app made one call.
    call = _only(hooked_app.calls_of("imei"), "android.telephony.TelephonyManager.getImei")
    assert call.args == []
    assert call.stack[0].startswith("fixture.Main.run(Main.java:")


def test_other_thread_records_its_name(hooked_app: FixtureApp) -> None:
    call = _only(hooked_app.calls_of("thread"), "android.telephony.TelephonyManager.getDeviceId")
    assert call.thread == "worker-1"
    assert call.args == ["1"]  # a slot index is not personal: numbers passed in stay visible
    assert call.ret == "86**********999"
    assert call.stack[0].startswith("fixture.Main.lambda$run$")


def test_reflective_call_is_recorded_with_the_caller_below(hooked_app: FixtureApp) -> None:
    call = _only(hooked_app.calls_of("reflect"), "android.telephony.TelephonyManager.getImei")
    assert any(f.startswith("fixture.Main.run(Main.java:") for f in call.stack)


def test_denied_call_is_recorded_and_the_app_gets_the_same_exception(
    hooked_app: FixtureApp,
) -> None:
    hooked_app.inst.flush()  # type: ignore[union-attr]
    hooked_app.sink.clear()
    out = hooked_app.run("denied")
    hooked_app.inst.flush()  # type: ignore[union-attr]
    assert out.startswith("caught getSubscriberId: Neither user 10001") and out.endswith(
        "same=true"
    )
    call = _only(hooked_app.sink.calls(), "android.telephony.TelephonyManager.getSubscriberId")
    assert call.denied is True
    assert call.threw is not None and call.threw.startswith("java.lang.SecurityException: ")
    assert call.ret is None
    assert call.category.value == "imsi"


def test_when_tables_record_only_the_matching_requests(hooked_app: FixtureApp) -> None:
    android_id = _only(
        hooked_app.calls_of("androidId"), "android.provider.Settings$Secure.getString"
    )
    assert android_id.category.value == "android_id"
    assert android_id.args[1] == "android_id"  # a plain argument: says what was asked for
    assert android_id.ret == "97***********49c"
    assert hooked_app.calls_of("otherSetting") == []
    contacts = _only(hooked_app.calls_of("contacts"), "android.content.ContentResolver.query")
    assert contacts.category.value == "contacts"
    assert contacts.args[0] == "content://com.android.contacts/contacts"
    assert hooked_app.calls_of("media") == []


def test_agent_tostring_of_values_produces_no_events(hooked_app: FixtureApp) -> None:
    # WifiInfo.toString() calls getSSID() and getDeviceId(). The agent's own toString() of the
    # returned WifiInfo must not count; the app's String.valueOf(info) afterwards does.
    calls = hooked_app.calls_of("wifi")
    assert [c.api.rsplit(".", 1)[1] for c in calls] == [
        "getConnectionInfo",
        "getSSID",
        "getDeviceId",
    ]
    assert calls[0].ret is not None and calls[0].ret.startswith("Wi*")
    assert all(
        f.startswith("android.net.wifi.WifiInfo.toString")
        for f in (calls[1].stack[0], calls[2].stack[0])
    )


def test_null_return_is_null(hooked_app: FixtureApp) -> None:
    call = _only(
        hooked_app.calls_of("nullret"), "android.telephony.TelephonyManager.getLine1Number"
    )
    assert call.ret is None and call.threw is None


def test_app_side_class_is_hooked_when_its_loader_defines_it(hooked_app: FixtureApp) -> None:
    inst = hooked_app.inst
    assert inst is not None
    before = {r.pid: r for r in inst.hook_reports}[hooked_app.info.pid]
    assert "gms.getAdvertisingIdInfo" in {m.id for m in before.missing}
    sdk = hooked_app.classes["sdk"]
    call = _only(
        hooked_app.calls_of(f"sdk {sdk}"),
        "com.google.android.gms.ads.identifier.AdvertisingIdClient.getAdvertisingIdInfo",
    )
    assert call.category.value == "advertising_id"
    after = {r.pid: r for r in inst.hook_reports}[hooked_app.info.pid]
    assert "gms.getAdvertisingIdInfo" in after.hooked
    assert "gms.getAdvertisingIdInfo" not in {m.id for m in after.missing}
    assert hooked_app.sink.reports[-1].hooked == after.hooked  # the update reached the sink


def test_native_mac_file_read(hooked_app: FixtureApp) -> None:
    path = next(Path("/sys/class/net").glob("*/address"))
    calls = hooked_app.calls_of(f"macfile {path}")
    assert len(calls) == 1, [c.api for c in calls]
    assert calls[0].category.value == "mac_address"
    assert calls[0].args == [str(path)]
    assert calls[0].stack[0].startswith("libc!open")
    assert any(f.startswith("fixture.Main.run(Main.java:") for f in calls[0].stack)


def test_identical_call_sites_share_one_interned_stack(hooked_app: FixtureApp) -> None:
    calls = hooked_app.calls_of("flood 50")
    assert len(calls) == 50
    assert len({c.stack_id for c in calls}) == 1
    seqs = [c.seq for c in calls]
    assert seqs == sorted(seqs) and len(set(seqs)) == 50


def test_markers_share_the_calls_order_and_clock(hooked_app: FixtureApp) -> None:
    inst = hooked_app.inst
    assert inst is not None
    inst.flush()
    hooked_app.sink.clear()
    hooked_app.run("deviceId")
    echoed = inst.mark("consent_accepted")
    hooked_app.run("deviceId")
    inst.flush()
    events = hooked_app.sink.events
    assert [e.type for e in events] == ["call", "marker", "call"]
    marker = events[1]
    assert isinstance(marker, MarkerEvent) and marker.name == "consent_accepted"
    assert [(m.seq, m.ts) for m in echoed] == [(marker.seq, marker.ts)]
    assert events[0].seq < marker.seq < events[2].seq
    assert events[0].ts <= marker.ts <= events[2].ts
    assert abs(marker.ts - time.time() * 1000) < 60_000


def test_hook_report_lists_what_this_process_lacks(hooked_app: FixtureApp) -> None:
    inst = hooked_app.inst
    assert inst is not None
    report = {r.pid: r for r in inst.hook_reports}[hooked_app.info.pid]
    assert "telephony.getDeviceId" in report.hooked
    missing = {m.id: m.reason for m in report.missing}
    assert (
        "class android.location.LocationManager not found"
        == missing["locationManager.getLastKnownLocation"]
    )
    assert missing["telephony.getMeid"].startswith("no method getMeid")
    assert report.failed == []
    assert inst.problems == []
    stats = inst.stats
    assert stats.agents[hooked_app.info.pid].dropped == 0

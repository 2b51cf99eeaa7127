"""Stack -> actor verdicts on the stack shapes real apps produce."""

from __future__ import annotations

import pytest

from harness.attribution import Attributor, SdkDb, SdkEntry, load_sdk_db

APP = "com.example.shop"


@pytest.fixture(scope="module")
def who() -> Attributor:
    return Attributor(load_sdk_db(), APP)


def test_reflection_frames_are_looked_through(who: Attributor) -> None:
    actor = who.attribute(
        [
            "jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
            "jdk.internal.reflect.NativeMethodAccessorImpl.invoke(NativeMethodAccessorImpl.java:77)",
            "java.lang.reflect.Method.invoke(Method.java:568)",
            "com.umeng.commonsdk.statistics.idtracking.ImeiTracker.a(Unknown Source)",
            "com.example.shop.App.onCreate(App.java:20)",
        ]
    )
    assert (actor.kind, actor.name) == ("sdk", "Umeng Analytics")
    assert actor.package == "com.umeng.commonsdk"
    assert actor.vendor == "Alibaba"
    assert actor.frame.startswith("com.umeng.commonsdk.statistics")


def test_handler_dispatch_and_looper(who: Attributor) -> None:
    actor = who.attribute(
        [
            "cn.jpush.android.service.PushReceiver$1.handleMessage(PushReceiver.java:88)",
            "android.os.Handler.dispatchMessage(Handler.java:106)",
            "android.os.Looper.loop(Looper.java:223)",
            "android.app.ActivityThread.main(ActivityThread.java:7656)",
        ]
    )
    assert (actor.kind, actor.name) == ("sdk", "JPush")


def test_handler_runnable_posted_by_sdk(who: Attributor) -> None:
    # A Runnable posted to a Handler: the Handler frames are innermost-but-one, the SDK's
    # Runnable is the first code frame.
    actor = who.attribute(
        [
            "android.os.Handler.handleCallback(Handler.java:938)",
            "android.os.Handler.dispatchMessage(Handler.java:99)",
            "android.os.Looper.loop(Looper.java:223)",
        ]
    )
    assert actor.kind == "unknown"
    assert "framework" in actor.note


def test_thread_pool_executor(who: Attributor) -> None:
    actor = who.attribute(
        [
            "com.qq.e.comm.managers.status.DeviceStatus.getDeviceId(Unknown Source)",
            "com.qq.e.comm.managers.b$1.run(Unknown Source)",
            "java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1167)",
            "java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:641)",
            "java.lang.Thread.run(Thread.java:923)",
        ]
    )
    assert (actor.kind, actor.name) == ("sdk", "Tencent GDT Ads (优量汇)")


def test_futuretask_call_through_executor_frames_first(who: Attributor) -> None:
    actor = who.attribute(
        [
            "java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:462)",
            "java.util.concurrent.FutureTask.run(FutureTask.java:266)",
            "com.appsflyer.internal.AFb1xSDK$4.run(Unknown Source)",
        ]
    )
    assert actor.name == "AppsFlyer"


def test_coroutines(who: Attributor) -> None:
    actor = who.attribute(
        [
            "com.example.shop.data.DeviceRepo$load$2.invokeSuspend(DeviceRepo.kt:31)",
            "kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)",
            "kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:106)",
            "kotlinx.coroutines.scheduling.CoroutineScheduler$Worker.run(CoroutineScheduler.kt:570)",
        ]
    )
    assert (actor.kind, actor.name) == ("app", APP)
    assert actor.package == APP


def test_coroutine_frames_innermost_then_sdk(who: Attributor) -> None:
    actor = who.attribute(
        [
            "kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:106)",
            "io.sentry.android.core.DeviceInfoUtil$1.invokeSuspend(Unknown Source)",
        ]
    )
    assert actor.name == "Sentry"


def test_nested_prefixes_longest_wins(who: Attributor) -> None:
    # com.huawei.hms (HMS Core catch-all) vs com.huawei.hms.push (HMS Push): the longer wins.
    push = who.attribute(["com.huawei.hms.push.HmsMessaging.getToken(Unknown Source)"])
    core = who.attribute(["com.huawei.hms.utils.Util.getDeviceId(Unknown Source)"])
    assert push.name == "Huawei HMS Push" and push.package == "com.huawei.hms.push"
    assert core.name == "Huawei HMS Core" and core.package == "com.huawei.hms"


def test_vendor_base_library_innermost_sdk_frame_decides(who: Attributor) -> None:
    # Umeng Push calls through Umeng's common base library: the base library frame is innermost.
    actor = who.attribute(
        [
            "com.umeng.commonsdk.utils.UMUtils.getImei(Unknown Source)",
            "com.umeng.message.PushAgent.register(Unknown Source)",
            "com.example.shop.App.onCreate(App.java:12)",
        ]
    )
    assert actor.name == "Umeng Analytics"  # the owner of com.umeng.commonsdk
    inner_push = who.attribute(
        [
            "com.umeng.message.common.DeviceConfig.getImei(Unknown Source)",
            "com.umeng.commonsdk.framework.UMWorkDispatch$1.run(Unknown Source)",
        ]
    )
    assert inner_push.name == "Umeng Push"


def test_package_boundary_is_respected(who: Attributor) -> None:
    # "com.qq.e" must not claim "com.qq.ex"; "com.mob" must not claim "com.mobile".
    assert who.attribute(["com.qq.ex.Tool.run(Tool.java:1)"]).kind == "third_party"
    other = who.attribute(["com.mobile.sdk.Tool.run(Tool.java:1)"])
    assert (other.kind, other.name) == ("third_party", "com.mobile.sdk")


def test_app_callback_called_from_sdk_is_the_app(who: Attributor) -> None:
    actor = who.attribute(
        [
            "com.example.shop.push.MyReceiver.onRegistered(MyReceiver.java:40)",
            "com.igexin.sdk.PushService$2.run(Unknown Source)",
            "android.os.Handler.dispatchMessage(Handler.java:106)",
        ]
    )
    assert (actor.kind, actor.name) == ("app", APP)


def test_app_own_code_and_app_prefix_boundary(who: Attributor) -> None:
    assert (
        who.attribute(["com.example.shop.MainActivity.onCreate(MainActivity.java:5)"]).kind == "app"
    )
    # com.example.shopping is not com.example.shop
    lookalike = who.attribute(["com.example.shopping.Tracker.run(Tracker.java:5)"])
    assert (lookalike.kind, lookalike.name) == ("third_party", "com.example.shopping")


def test_unknown_third_party_package(who: Attributor) -> None:
    actor = who.attribute(
        [
            "com.acme.fingerprint.internal.Collector.collect(Collector.java:77)",
            "com.example.shop.App.onCreate(App.java:3)",
        ]
    )
    assert actor.kind == "third_party"
    assert actor.name == "com.acme.fingerprint.internal"
    assert actor.package == "com.acme.fingerprint.internal"
    assert actor.vendor == ""


def test_obfuscated_first_frame_falls_back_with_note(who: Attributor) -> None:
    actor = who.attribute(
        [
            "a.b.c.d(Unknown Source)",
            "b0.a.run(Unknown Source)",
            "com.bytedance.sdk.openadsdk.core.TTAdSdkImpl.init(Unknown Source)",
        ]
    )
    assert (actor.kind, actor.name) == ("sdk", "Pangle / CSJ Ads")
    assert "obfuscated" in actor.note and "a.b.c.d" in actor.note
    assert actor.frame.startswith("com.bytedance.sdk.openadsdk")


def test_obfuscated_only_is_unknown(who: Attributor) -> None:
    actor = who.attribute(
        [
            "a.a.a(Unknown Source)",
            "b.c(Unknown Source)",  # default package class "b"
            "java.lang.Thread.run(Thread.java:923)",
        ]
    )
    assert (actor.kind, actor.name, actor.package) == ("unknown", "unknown", "")
    assert "obfuscated" in actor.note
    assert actor.frame == "a.a.a(Unknown Source)"


def test_hook_and_native_frames_are_skipped(who: Attributor) -> None:
    actor = who.attribute(
        [
            "android.telephony.TelephonyManager!getDeviceId",  # native symbol frame from the agent
            "0x7f3c2a1b40 libart.so!art_quick_generic_jni_trampoline+0x90",
            "re.frida.Gadget.call(Unknown Source)",
            "com.tencent.bugly.crashreport.common.info.b.c(Unknown Source)",
        ]
    )
    assert actor.name == "Bugly"


def test_native_only_stack_is_unknown(who: Attributor) -> None:
    actor = who.attribute(["libc.so!open+0x1c", "libfoo.so!collect+0x40"])
    assert actor.kind == "unknown"
    assert "native" in actor.note


def test_empty_stack_is_unknown(who: Attributor) -> None:
    actor = who.attribute([])
    assert actor.kind == "unknown" and "no stack" in actor.note


def test_art_and_jdk_frame_forms(who: Attributor) -> None:
    native = who.attribute(["com.bun.miitmdid.core.JLibrary.InitEntry(Native Method)"])
    assert native.name == "MSA OAID"
    module = who.attribute(
        [
            "java.base/java.net.NetworkInterface.getHardwareAddress(NetworkInterface.java:1)",
            "app//com.vungle.warren.utility.DeviceUtil.mac(DeviceUtil.java:9)",
        ]
    )
    assert module.name == "Vungle / Liftoff"
    lambda_frame = who.attribute(
        [
            "com.example.shop.Boot$$Lambda$14/0x0000000800c01234.run(Unknown Source)",
        ]
    )
    assert lambda_frame.kind == "app"
    plain = who.attribute(["  at com.kwad.sdk.core.DeviceInfo.imei"])
    assert plain.name == "Kuaishou Ads"


def test_app_package_more_specific_than_vendor_catch_all() -> None:
    # A vendor's own app under the vendor's catch-all prefix is still "the app".
    baidu_app = Attributor(load_sdk_db(), "com.baidu.searchbox")
    assert baidu_app.attribute(["com.baidu.searchbox.Main.run(Main.java:1)"]).kind == "app"
    assert (
        baidu_app.attribute(["com.baidu.location.LocationClient.start(Unknown Source)"]).kind
        == "sdk"
    )


def test_cached_verdicts_are_independent_copies(who: Attributor) -> None:
    stack = ["com.flurry.sdk.Device.id(Unknown Source)"]
    first = who.attribute(stack)
    first.note = "changed by a caller"
    assert who.attribute(stack).note == ""


def test_custom_db_same_frame_longest_prefix() -> None:
    db = SdkDb(
        [
            SdkEntry(name="Vendor base", vendor="V", prefixes=["com.vendor"]),
            SdkEntry(name="Vendor ads", vendor="V", category="ads", prefixes=["com.vendor.ads"]),
        ]
    )
    who = Attributor(db, "org.app")
    assert who.attribute(["com.vendor.ads.Loader.load(L.java:1)"]).name == "Vendor ads"
    assert who.attribute(["com.vendor.core.Net.id(N.java:1)"]).name == "Vendor base"
    assert who.attribute(["com.vendorx.Net.id(N.java:1)"]).kind == "third_party"

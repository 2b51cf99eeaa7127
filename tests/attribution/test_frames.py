"""The one stack-frame parser: the forms attribution reads and the source locations SARIF needs."""

from __future__ import annotations

import pytest

from harness.attribution.frames import parse_frame
from harness.check.frames import blame_frame, source_path
from harness.model import Actor, Category, Finding, Rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (class, method, file, line)
        ("com.a.B.m(B.java:3)", ("com.a.B", "m", "B.java", 3)),
        ("  at com.a.B.m(B.java:3)", ("com.a.B", "m", "B.java", 3)),
        ("app//com.a.B$C.<init>(B.kt:9)", ("com.a.B$C", "<init>", "B.kt", 9)),
        (
            "java.base/java.lang.Thread.run(Thread.java:833)",
            ("java.lang.Thread", "run", "Thread.java", 833),
        ),
        (
            "app@1.0/com.a.B.m(B.java:12)",  # a named module with a version
            ("com.a.B", "m", "B.java", 12),
        ),
        ("a.b.C.d(Unknown Source)", ("a.b.C", "d", None, None)),
        ("a.b.C.d(Native Method)", ("a.b.C", "d", None, None)),
        ("a.b.C.d(C.java)", ("a.b.C", "d", "C.java", None)),
        ("a.b.C.d(C.java:0)", ("a.b.C", "d", "C.java", None)),  # no line: not line 0
        (
            "a.b.C$$Lambda$14/0x0000000800c01234.run(Unknown Source)",
            ("a.b.C$$Lambda$14", "run", None, None),
        ),
        ("com.kwad.sdk.core.DeviceInfo.imei", ("com.kwad.sdk.core.DeviceInfo", "imei", None, None)),
        # a location that is not one: class and method still count, the file does not
        ("a.b.C.d(C.java:3) trailing", ("a.b.C", "d", None, None)),
    ],
)
def test_java_frames_give_class_method_and_location(text: str, expected: tuple) -> None:
    frame = parse_frame(text)
    assert frame.is_java and frame.text == text
    assert (frame.class_name, frame.method, frame.file, frame.line) == expected
    assert frame.function == f"{expected[0]}.{expected[1]}"


@pytest.mark.parametrize(
    "text",
    [
        "libc.so!open+0x1c",
        "android.telephony.TelephonyManager!getDeviceId",
        "0x7f3c2a1b40 libart.so!art_quick_generic_jni_trampoline+0x90",
        "not a frame",
        "",
        "Main(Main.java:1)",  # no package: not a class.method pair
    ],
)
def test_native_and_malformed_frames_are_not_java(text: str) -> None:
    frame = parse_frame(text)
    assert not frame.is_java
    assert (frame.class_name, frame.file, frame.line) == ("", None, None)


def test_source_path_from_a_parsed_frame_refuses_odd_names() -> None:
    assert source_path(parse_frame("a.b.C.d(../x.java:1)"), "src") is None
    assert source_path(parse_frame("a.b.C.d(C.txt:1)"), "src") is None
    assert source_path(parse_frame("a.b.C.d(Unknown Source)"), "src") is None
    frame = parse_frame("a.b.C$Inner.d(C.java:1)")
    assert source_path(frame, "/src/") == "src/a/b/C.java"
    assert source_path(frame, "") == "a/b/C.java"
    assert source_path(frame, "../up") == "a/b/C.java"  # a root leaving the checkout is dropped


def _finding(actor: Actor, stack: list[str]) -> Finding:
    return Finding(
        rule=Rule.pre_consent,
        data=Category.device_id,
        api="android.telephony.TelephonyManager.getDeviceId",
        actor=actor,
        process="com.x",
        count=1,
        first_at="2026-01-01T00:00:00Z",
        first_offset_s=0.1,
        stack=stack,
    )


def test_blame_frame_prefers_the_verdicts_frame_then_the_actors_package() -> None:
    sdk = Actor(kind="sdk", name="GDT", package="com.qq.e", frame="com.qq.e.Sdk.init(Sdk.java:10)")
    frame = blame_frame(_finding(sdk, []))
    assert frame is not None and (frame.class_name, frame.line) == ("com.qq.e.Sdk", 10)
    stack = [
        "libc.so!open+0x1c",
        "android.app.Activity.onCreate(Activity.java:1)",
        "com.qq.eve.Other.x(Other.java:2)",  # shares a prefix, not the package
        "com.qq.e.comm.Loader.load(Loader.java:7)",
    ]
    native_verdict = sdk.model_copy(update={"frame": "libc.so!open+0x1c"})
    frame = blame_frame(_finding(native_verdict, stack))
    assert frame is not None and frame.class_name == "com.qq.e.comm.Loader"
    unknown = Actor(kind="unknown", name="unknown", package="")
    assert blame_frame(_finding(unknown, stack)) is None

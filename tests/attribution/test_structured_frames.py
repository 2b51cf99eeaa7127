"""Issue #14: frames the agent sends as separate fields are written so that the one parser reads
back exactly those fields, whatever names the app chose; a frame that cannot be understood stops
attribution as unknown instead of being looked through."""

from __future__ import annotations

import pytest

from harness.agent.messages import StackItem
from harness.attribution import Attributor
from harness.attribution.frames import format_frame, parse_frame
from harness.attribution.knowledge import load_sdk_db

APP = "com.example.hostile"


@pytest.mark.parametrize(
    ("cls", "method", "file", "line"),
    [
        ("com.x.Y", "run", "Y.java", 12),
        ("a.b.C", "read", "X.java:1), com.qq.e.comm.managers.GDTAdSdk.init(GDTAdSdk.java", 5),
        ("com.bytedance.sdk.openadsdk.Spaced", "read it", "Spaced.java", 3),
        ("com.bytedance.sdk.openadsdk.Ad\u2013Reader", "read", None, -1),
        ("com.example.hostile.Deep", "down", "De\x00ep.java", 6),
        ("com.x.Y", "m.n(", "Y.kt", -1),
        ("com.x.Y$$Lambda$14/0x0000000800c01234", "run", None, -1),
        ("com.x.Y", "nativeCall", None, -2),
        ("com.x.Y", "emoji\U0001f600", "Unknown Source", 1),
    ],
)
def test_formatted_frames_parse_back_to_one_frame_of_the_same_class(
    cls: str, method: str, file: str | None, line: int
) -> None:
    text = format_frame(cls, method, file, line, cut=False)
    frame = parse_frame(text)
    assert frame.kind == "java", text
    expected_class = cls.split("/0x")[0].replace("\u2013", "\\u2013")
    assert frame.class_name == expected_class
    assert frame.line == (line if line > 0 else None)
    assert "(" not in frame.method and " " not in frame.method
    # nothing the app wrote can be read as a second frame or a location
    assert text.count("(") == 1 and text.endswith(")")


def test_a_clipped_frame_is_not_understood() -> None:
    text = format_frame("com.qq.e.comm.GDTAdSdk", "init", "GDTAdSdk.java", 3, cut=True)
    assert parse_frame(text).kind == "unknown"


def test_stack_items_accept_structured_and_native_frames() -> None:
    item = StackItem.model_validate(
        {
            "type": "stack",
            "id": 1,
            "frames": [
                "libc.so!open+0x1c",
                {"class": "a.b.C", "method": "read it", "file": None, "line": -1, "cut": False},
            ],
        }
    )
    assert item.texts() == ["libc.so!open+0x1c", "a.b.C.read\\x20it(Unknown Source)"]


def _attribute(frames: list[str]) -> tuple[str, str]:
    actor = Attributor(load_sdk_db(), APP).attribute(frames)
    return actor.kind, actor.name


def test_an_unparseable_frame_stops_attribution_as_unknown() -> None:
    sdk = "com.qq.e.comm.managers.GDTAdSdk.init(GDTAdSdk.java:5)"
    app = f"{APP}.Main.run(Main.java:3)"
    # looked through, the SDK frame behind it would take the blame (or the app's frame the credit)
    assert _attribute(["not a frame", sdk])[0] == "unknown"
    assert _attribute(["[clipped] a.b.C.d(Unknown Source)", app])[0] == "unknown"
    # native frames and plumbing are still looked through
    assert _attribute(["libc.so!open+0x1c", "java.lang.Thread.run(Thread.java:833)", sdk]) == (
        "sdk",
        "Tencent GDT Ads (优量汇)",
    )

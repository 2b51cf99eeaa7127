"""Stack frames escape with the rule every writer uses (harness.untrusted), not their own."""

from __future__ import annotations

from harness.attribution.frames import format_frame, parse_frame
from harness.untrusted import escape_char, visible


def test_a_frame_escapes_controls_and_overrides_as_visible_does() -> None:
    text = format_frame("a.b.C", "run\x1b\u202e", "C.java", 3, cut=False)
    assert text == "a.b.C.run" + visible("\x1b\u202e") + "(C.java:3)"
    assert "\\x1b" in text and "\\u001b" not in text
    frame = parse_frame(text)
    assert (frame.kind, frame.class_name, frame.line) == ("java", "a.b.C", 3)


def test_the_shared_escape_covers_every_plane() -> None:
    assert [escape_char(c) for c in ("\x00", " ", "\u2013", "\U0001f600")] == [
        "\\x00",
        "\\x20",
        "\\u2013",
        "\\U0001f600",
    ]

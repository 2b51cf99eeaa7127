"""Reading stack frames: which class, method and source line a frame is, and whether it is
plumbing to look through. The one frame parser: attribution and `harness check` (SARIF source
locations) both read frames through `parse_frame`.

Frames come as `StackTraceElement.toString()`:
  "com.x.Y.method(Y.java:12)", "com.x.Y$1.run(Unknown Source)", "com.x.Y.m(Native Method)",
  JDK 9+ module/loader-qualified "java.base/java.lang.Thread.run(Thread.java:833)" or
  "app//com.x.Y.m(Y.java:3)", HotSpot hidden classes "com.x.Y$$Lambda$14/0x0000000800c01234.run",
  optionally after "at " as in a printed stack trace; plain "com.x.Y.method" is accepted too.
Native frames from the agent ("libc.so!open+0x1c", "android.telephony.TelephonyManager!getDeviceId")
are not Java code and are looked through; anything else that does not parse is `unknown` and
stops attribution (it must never be looked through: an app would hide behind it).

The agent sends Java frames as separate fields (class, method, file, line); `format_frame`
writes them in the form above with every character that could be read as structure (a
parenthesis, colon, comma, space, control, a dot in a method) escaped the way every writer
escapes (`harness.untrusted.escape_char`: `\\x20`, `\\x1b`, `\\u2013`), so that the one parser
reads back exactly the fields the runtime gave, whatever names the app chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from harness.untrusted import escape_char

SKIP_FILE = Path(__file__).with_name("skip_frames.yaml")

_HIDDEN_CLASS_SUFFIX = re.compile(r"/0x[0-9a-fA-F]+(?=\.)")
# "(Y.java:12)", "(Y.kt)", "(Unknown Source)", "(Native Method)"
_LOCATION = re.compile(r"\((?P<file>[^:()]*)(?::(?P<line>\d+))?\)$")
_NO_FILE = ("Unknown Source", "Native Method")
_JAVA_NAME = re.compile(r"^[\w$<>\-\\]+(\.[\w$<>\-\\]+)+$")  # "\\" for format_frame's escapes
_NATIVE = re.compile(r"^(0x[0-9a-fA-F]+\b|[^\s()]*!)")  # an address, or "lib.so!symbol"
_CLIPPED = "[clipped] "  # format_frame's mark on a frame whose names the agent had to clip
_NAME_CHAR = re.compile(r"[\w$<>\-]")
_FILE_CHAR = re.compile(r"[\w$.\-]")
_HIDDEN_TAIL = re.compile(r"/0x[0-9a-fA-F]+$")

FrameKind = Literal["java", "native", "unknown"]
# Obfuscated package segments: one or two lowercase letters/digits ("a", "b0", "zz").
_OBFUSCATED_SEGMENT = re.compile(r"^[a-z][a-z0-9]?$")


@dataclass(frozen=True)
class Frame:
    text: str  # as recorded
    class_name: str  # "" when the frame is not a Java frame
    method: str
    file: str | None = None  # source file name, as the class file names it (app-controlled)
    line: int | None = None  # None when unknown (no line, "Unknown Source", "Native Method")
    kind: FrameKind = "java"

    @property
    def function(self) -> str:
        return f"{self.class_name}.{self.method}"

    @property
    def package(self) -> str:
        cut = self.class_name.rfind(".")
        return self.class_name[:cut] if cut > 0 else ""

    @property
    def is_java(self) -> bool:
        return bool(self.class_name)


def parse_frame(text: str) -> Frame:
    """Split a frame into class, method and source location; non-Java frames get an empty class
    name (check `is_java`)."""
    head = text.strip()
    if head.startswith("at "):
        head = head[3:].lstrip()
    file: str | None = None
    line: int | None = None
    paren = head.find("(")
    if paren >= 0:
        location = _LOCATION.match(head, paren)
        if location is not None:
            file = location.group("file") or None
            if file in _NO_FILE:
                file = None
            number = int(location.group("line")) if location.group("line") else 0
            line = number if number > 0 else None
        head = head[:paren]
    if _NATIVE.match(head):
        return Frame(text, "", "", kind="native")  # a native symbol or an address
    if " " in head or "!" in head:
        return Frame(text, "", "", kind="unknown")
    head = _HIDDEN_CLASS_SUFFIX.sub("", head)
    slash = head.rfind("/")
    if slash >= 0:
        head = head[slash + 1 :]  # drop "class-loader/module@version/"
    if not _JAVA_NAME.match(head):
        return Frame(text, "", "", kind="unknown")
    class_name, _, method = head.rpartition(".")
    return Frame(text, class_name, method, file, line)


def _escape(text: str, keep: re.Pattern[str], also: str = "") -> str:
    # the shared escape (harness.untrusted): a frame shows `\x1b` as every other writer does
    return "".join(ch if keep.fullmatch(ch) or ch in also else escape_char(ch) for ch in text)


def format_frame(class_name: str, method: str, file: str | None, line: int, cut: bool) -> str:
    """The text of a structured Java frame, unambiguous for `parse_frame`; a frame the agent had
    to clip comes out `unknown` (its names are not all there)."""
    hidden = _HIDDEN_TAIL.search(class_name)  # HotSpot hidden class: "X$$Lambda$14/0x0800c0"
    head, tail = (class_name[: hidden.start()], hidden.group()) if hidden else (class_name, "")
    cls = _escape(head, _NAME_CHAR, ".") + tail
    name = _escape(method, _NAME_CHAR)
    if line == -2:
        where = "Native Method"
    elif file is None:
        where = "Unknown Source"
    else:
        where = _escape(file, _FILE_CHAR) + (f":{line}" if line >= 0 else "")
    text = f"{cls}.{name}({where})"
    return _CLIPPED + text if cut or not cls or not name else text


def is_obfuscated(frame: Frame) -> bool:
    """True for a.b.c-style names: no package, or every package segment one or two characters."""
    package = frame.package
    if not package:
        return True
    return all(_OBFUSCATED_SEGMENT.match(seg) for seg in package.split("."))


@dataclass(frozen=True)
class SkipRules:
    """Frames to look through, by group (framework, reflection, threading, coroutines, hook...)."""

    prefixes: dict[str, tuple[str, ...]]  # group -> class-name prefixes (package boundary)
    exact: dict[str, tuple[str, ...]]  # group -> exact "class.method" frames

    def group_of(self, frame: Frame) -> str | None:
        qualified = f"{frame.class_name}.{frame.method}"
        for group, names in self.exact.items():
            if qualified in names:
                return group
        for group, prefixes in self.prefixes.items():
            for prefix in prefixes:
                if _under(frame.class_name, prefix):
                    return group
        return None


def _under(class_name: str, prefix: str) -> bool:
    return (
        class_name == prefix
        or class_name.startswith(prefix + ".")
        or (
            # a class prefix covers its nested classes ("Handler" covers "Handler$Callback")
            class_name.startswith(prefix + "$")
        )
    )


@lru_cache(maxsize=1)
def skip_rules() -> SkipRules:
    raw = yaml.safe_load(SKIP_FILE.read_text(encoding="utf-8"))
    prefixes = {g: tuple(v.get("prefixes", [])) for g, v in raw["groups"].items()}
    exact = {g: tuple(v.get("frames", [])) for g, v in raw["groups"].items()}
    return SkipRules(prefixes, exact)

"""Reading stack frames: which class, method and source line a frame is, and whether it is
plumbing to look through. The one frame parser: attribution and `harness check` (SARIF source
locations) both read frames through `parse_frame`.

Frames come as `StackTraceElement.toString()`:
  "com.x.Y.method(Y.java:12)", "com.x.Y$1.run(Unknown Source)", "com.x.Y.m(Native Method)",
  JDK 9+ module/loader-qualified "java.base/java.lang.Thread.run(Thread.java:833)" or
  "app//com.x.Y.m(Y.java:3)", HotSpot hidden classes "com.x.Y$$Lambda$14/0x0000000800c01234.run",
  optionally after "at " as in a printed stack trace; plain "com.x.Y.method" is accepted too.
Native frames from the agent ("libc.so!open+0x1c", "android.telephony.TelephonyManager!getDeviceId")
are not Java code and are looked through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

SKIP_FILE = Path(__file__).with_name("skip_frames.yaml")

_HIDDEN_CLASS_SUFFIX = re.compile(r"/0x[0-9a-fA-F]+(?=\.)")
# "(Y.java:12)", "(Y.kt)", "(Unknown Source)", "(Native Method)"
_LOCATION = re.compile(r"\((?P<file>[^:()]*)(?::(?P<line>\d+))?\)$")
_NO_FILE = ("Unknown Source", "Native Method")
_JAVA_NAME = re.compile(r"^[\w$<>\-]+(\.[\w$<>\-]+)+$")
# Obfuscated package segments: one or two lowercase letters/digits ("a", "b0", "zz").
_OBFUSCATED_SEGMENT = re.compile(r"^[a-z][a-z0-9]?$")


@dataclass(frozen=True)
class Frame:
    text: str  # as recorded
    class_name: str  # "" when the frame is not a Java frame
    method: str
    file: str | None = None  # source file name, as the class file names it (app-controlled)
    line: int | None = None  # None when unknown (no line, "Unknown Source", "Native Method")

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
    if "!" in head or " " in head:
        return Frame(text, "", "")  # a native symbol or an address, not a Java method
    head = _HIDDEN_CLASS_SUFFIX.sub("", head)
    slash = head.rfind("/")
    if slash >= 0:
        head = head[slash + 1 :]  # drop "class-loader/module@version/"
    if not _JAVA_NAME.match(head):
        return Frame(text, "", "")
    class_name, _, method = head.rpartition(".")
    return Frame(text, class_name, method, file, line)


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

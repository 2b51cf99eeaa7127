"""Where a finding points in the app's sources: the first app/SDK frame of its stack."""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.model import Finding

# StackTraceElement.toString(): [loader/][module@version/]pkg.Class.method(File.java:42)
_FRAME = re.compile(
    r"^(?:at\s+)?(?:[^/()\s]*/)*(?P<cls>[\w$]+(?:\.[\w$]+)*)\.(?P<method>[\w$<>-]+)"
    r"\((?P<file>[^:()]*)(?::(?P<line>\d+))?\)$"
)
# HotSpot hidden classes (lambdas) carry "/0x<address>" after the class name
_HIDDEN_CLASS_SUFFIX = re.compile(r"/0x[0-9a-fA-F]+(?=\.)")
_SOURCE_FILE = re.compile(r"^[\w$-]+\.(?:java|kt|kts|scala|groovy)$")
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")


@dataclass(frozen=True)
class Frame:
    cls: str
    method: str
    file: str | None
    line: int | None

    @property
    def function(self) -> str:
        return f"{self.cls}.{self.method}"

    def source_path(self, source_root: str) -> str | None:
        """`<root>/com/x/Y.java` for frame `com.x.Y$Inner.m(Y.java:3)`; None without a file."""
        if self.file is None or not _SOURCE_FILE.match(self.file):
            return None
        package = self.cls.split(".")[:-1]
        if not all(_IDENT.match(p) for p in package):
            return None
        root = source_root.strip().strip("/")
        if ".." in root.split("/"):
            root = ""
        return "/".join([*([root] if root else []), *package, self.file])


def parse_frame(text: str) -> Frame | None:
    m = _FRAME.match(_HIDDEN_CLASS_SUFFIX.sub("", text.strip()))
    if m is None:
        return None
    file = m.group("file") or None
    if file in ("Unknown Source", "Native Method"):
        file = None
    line = int(m.group("line")) if m.group("line") else None
    return Frame(m.group("cls"), m.group("method"), file, line if line and line > 0 else None)


def blame_frame(finding: Finding) -> Frame | None:
    """The frame the attribution rests on, else the first frame inside the actor's package."""
    if finding.actor.frame:
        frame = parse_frame(finding.actor.frame)
        if frame is not None:
            return frame
    prefix = finding.actor.package
    if finding.actor.kind == "unknown" or not prefix:
        return None
    for text in finding.stack:
        frame = parse_frame(text)
        if frame is not None and (frame.cls == prefix or frame.cls.startswith(prefix + ".")):
            return frame
    return None

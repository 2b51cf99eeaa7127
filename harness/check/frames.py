"""Where a finding points in the app's sources: the first app/SDK frame of its stack.

Frames are parsed by attribution's parser (`harness.attribution.frames`), the same one that chose
the actor, so the frame a SARIF result points at is read exactly as the verdict read it.
"""

from __future__ import annotations

import re

from harness.attribution.frames import Frame, parse_frame
from harness.model import Finding

_SOURCE_FILE = re.compile(r"^[\w$-]+\.(?:java|kt|kts|scala|groovy)$")
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")


def source_path(frame: Frame, source_root: str) -> str | None:
    """`<root>/com/x/Y.java` for frame `com.x.Y$Inner.m(Y.java:3)`; None without a usable file.

    The file and package names come from the app's class files: only plain names make a path.
    """
    if frame.file is None or not _SOURCE_FILE.match(frame.file):
        return None
    package = frame.class_name.split(".")[:-1]
    if not all(_IDENT.match(p) for p in package):
        return None
    root = source_root.strip().strip("/")
    if ".." in root.split("/"):
        root = ""
    return "/".join([*([root] if root else []), *package, frame.file])


def blame_frame(finding: Finding) -> Frame | None:
    """The frame the attribution rests on, else the first frame inside the actor's package."""
    if finding.actor.frame:
        frame = parse_frame(finding.actor.frame)
        if frame.is_java:
            return frame
    prefix = finding.actor.package
    if finding.actor.kind == "unknown" or not prefix:
        return None
    for text in finding.stack:
        frame = parse_frame(text)
        if frame.is_java and (
            frame.class_name == prefix or frame.class_name.startswith(prefix + ".")
        ):
            return frame
    return None

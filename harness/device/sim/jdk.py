"""Find the JDK the simulated device runs on: 17 to 19 (frida-java-bridge stops at 19)."""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harness.errors import DeviceError

MIN_MAJOR = 17
MAX_MAJOR = 19
_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?(?:\.(\d+))?[^"]*"')
_HINT = (
    "the simulated device needs JDK 17: frida-java-bridge on HotSpot does not support JDK 20+; "
    "install openjdk-17-jdk-headless or set HARNESS_JAVA_HOME"
)


@dataclass(frozen=True)
class Jdk:
    home: Path
    java: Path
    javac: Path
    version: str  # e.g. "17.0.15"
    major: int


def _probe(home: Path) -> Jdk | None:
    java, javac = home / "bin" / "java", home / "bin" / "javac"
    if not java.is_file():
        return None
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=20
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(out)
    if not match:
        return None
    parts = [p for p in match.groups() if p is not None]
    major = int(parts[0])
    if major == 1 and len(parts) > 1:  # "1.8.0" style
        major = int(parts[1])
    return Jdk(home=home, java=java, javac=javac, version=".".join(parts), major=major)


def _candidates() -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    env = os.environ.get("HARNESS_JAVA_HOME")
    if env:
        found.append(("HARNESS_JAVA_HOME", Path(env)))
    for home in sorted(glob.glob("/usr/lib/jvm/*17*")) + sorted(glob.glob("/usr/lib/jvm/*1[89]*")):
        found.append(("/usr/lib/jvm", Path(home)))
    java = shutil.which("java")
    if java:
        found.append(("PATH", Path(java).resolve().parent.parent))
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        found.append(("JAVA_HOME", Path(java_home)))
    return found


@lru_cache(maxsize=1)
def find_jdk() -> Jdk:
    """The first usable JDK 17-19: HARNESS_JAVA_HOME, /usr/lib/jvm/*17*, PATH, JAVA_HOME."""
    seen: list[str] = []
    for source, home in _candidates():
        jdk = _probe(home)
        if jdk is None:
            if source == "HARNESS_JAVA_HOME":
                raise DeviceError(
                    f"HARNESS_JAVA_HOME={home} is not a JDK (no working bin/java)", hint=_HINT
                )
            continue
        if not MIN_MAJOR <= jdk.major <= MAX_MAJOR:
            seen.append(f"JDK {jdk.version} at {home} ({source})")
            if source == "HARNESS_JAVA_HOME":
                raise DeviceError(
                    f"HARNESS_JAVA_HOME points to JDK {jdk.version} at {home}; {_HINT}"
                )
            continue
        if not jdk.javac.is_file():
            seen.append(f"a JRE {jdk.version} without javac at {home} ({source})")
            continue
        return jdk
    if seen:
        raise DeviceError(f"only {', '.join(seen)} found; {_HINT}")
    raise DeviceError(f"no JDK found; {_HINT}")

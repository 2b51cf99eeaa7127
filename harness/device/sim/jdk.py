"""Find the JDK the simulated device runs on: 17 to 19 (frida-java-bridge stops at 19)."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from harness.atomic import write_atomic
from harness.errors import DeviceError
from harness.paths import cache_dir

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


MAX_REMEMBERED = 16  # JDK homes whose `java -version` is kept on disk


def identity(java: Path) -> str:
    """What changes when the JDK at `java` is replaced or updated: the launcher's and the home's
    `release` file's real path, size and mtime."""
    parts = []
    for file in (java, java.parent.parent / "release"):
        try:
            st = file.stat()
        except OSError:
            parts.append(f"{file}:-")
            continue
        parts.append(f"{file.resolve()}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _versions_file() -> Path:
    return cache_dir() / "sim" / "jdk-versions.json"


def _remembered() -> dict[str, str]:
    try:
        data = json.loads(_versions_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _version_output(java: Path) -> str | None:
    """`java -version`'s output, remembered per JDK identity: starting a JVM to ask cost the
    first install of every controller process 0.1-0.3 s (a `harness run` per app pays it each
    time). An updated or replaced JDK has another identity and is asked again."""
    key = identity(java)
    known = _remembered()
    if key in known:
        return known[key]
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=20
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    if _VERSION.search(out):  # only an answer that names a version is worth keeping
        known[key] = out[:2000]
        kept = dict(list(known.items())[-MAX_REMEMBERED:])
        try:
            _versions_file().parent.mkdir(parents=True, exist_ok=True)
            write_atomic(_versions_file(), json.dumps(kept, indent=1))
        except OSError:
            pass  # a read-only cache: asked again next time
    return out


def _probe(home: Path) -> Jdk | None:
    java, javac = home / "bin" / "java", home / "bin" / "javac"
    if not java.is_file():
        return None
    out = _version_output(java)
    if out is None:
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

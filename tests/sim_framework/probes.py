"""Compile the simulated framework with the probe programs, and run a probe.

A probe is a small Java program (tests/sim_framework/java/probe) that calls the framework the way
an app does and prints one "key=value" line per observation; the tests assert on those values.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FRAMEWORK = REPO / "sim" / "framework"
PROBES = Path(__file__).resolve().parent / "java"
JDK = Path(os.environ.get("HARNESS_JDK17", "/usr/lib/jvm/java-17-openjdk-amd64"))

# The framework stand-ins this area owns; compiled on their own (with whatever they reference from
# the rest of sim/framework) when the whole tree does not compile because another area is mid-edit.
OWNED = [
    "android/telephony",
    "android/provider",
    "android/os/Build.java",
    "android/net",
    "android/bluetooth",
    "android/location",
    "android/content/ContentResolver.java",
    "android/database",
    "android/content/pm",
    "android/app/ActivityManager.java",
    "android/app/ApplicationPackageManager.java",
    "android/content/ClipboardManager.java",
    "android/content/ClipData.java",
    "android/content/ClipDescription.java",
    "android/text/ClipboardManager.java",
    "android/accounts",
    "android/hardware",
    "android/media",
    "com/android/internal/sim/DeviceData.java",
    "com/android/internal/sim/SystemServices.java",
]


def _java_files(*roots: Path) -> list[str]:
    files: list[str] = []
    for root in roots:
        files += [str(root)] if root.is_file() else sorted(str(p) for p in root.rglob("*.java"))
    return files


def _javac(
    out: Path, sources: list[str], sourcepath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    argfile = out.parent / f"{out.name}.args"
    argfile.write_text("\n".join(f'"{s}"' for s in sources))
    javac = str(JDK / "bin" / "javac")
    cmd = [javac, "--release", "17", "-nowarn", "-encoding", "UTF-8", "-d", str(out)]
    if sourcepath is not None:
        cmd += ["-sourcepath", str(sourcepath), "-implicit:class"]
    # the whole tree takes minutes on a loaded 2-core machine (javac is CPU-bound)
    return subprocess.run([*cmd, f"@{argfile}"], capture_output=True, text=True, timeout=600)


@dataclass(frozen=True)
class Framework:
    classes: Path
    whole_tree: bool  # False: only this area's sources (and what they use) compiled

    def run(self, probe: str, *args: str, timeout: float = 20) -> dict[str, str]:
        """Run probe.<probe> with plain `java -cp` and return its key=value lines."""
        java = str(JDK / "bin" / "java")
        cmd = [java, "-XX:TieredStopAtLevel=1", "-cp", str(self.classes), f"probe.{probe}", *args]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        out = proc.stdout.decode("utf-8")
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode == 0, f"{probe} exited {proc.returncode}:\n{out}\n{err}"
        values: dict[str, str] = {}
        for line in out.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key] = value
        return values


def compile_framework(base: Path) -> Framework:
    """The whole sim/framework tree with the probes; only this area's part if the tree is broken."""
    classes = base / "classes"
    if _javac(classes, _java_files(FRAMEWORK, PROBES)).returncode == 0:
        return Framework(classes, whole_tree=True)
    own = [FRAMEWORK / p for p in OWNED]
    classes = base / "own-classes"
    result = _javac(classes, _java_files(*own, PROBES), sourcepath=FRAMEWORK)
    assert result.returncode == 0, f"framework does not compile:\n{result.stderr[-4000:]}"
    return Framework(classes, whole_tree=False)

"""The framework's class-data sharing archive (JDK 17 AppCDS), built once per framework jar.

Every app process parses and verifies the framework's classes (and Java2D's, for screenshots)
at its start. A dynamic archive (`-XX:ArchiveClassesAtExit`) written by one training run of
`com.android.internal.sim.CdsTraining` lets each process map them instead
(`-XX:SharedArchiveFile`): measured in benchmarks/bench_sim_startup.py. The archive lives
beside the jar in the sim's cache, named after it and the runtime (runtime.py) it was trained
on, so a new framework build or a new runtime gets a new one.

Falling back is clean: the archive is checked with `-Xshare:on` before it takes its name (a
truncated archive crashes HotSpot when mapped, so none is ever used half-written); a build that
fails leaves a `.jsa.failed` note and the device starts its JVMs without an archive, as before.

**On unless HARNESS_SIM_CDS=0.** An archived class's metadata lives in the archive's read-only
mapping: until the agent made it writable in its VM operations, as HotSpot's own class
redefinition does (hooks/src/jvmbatch.ts, MetaspaceShared::remap_shared_readonly_as_readwrite),
frida-java-bridge's hooks on some framework methods installed but never fired (the catalogue
app's SensorManager calls, made through the archived SystemSensorManager, went unrecorded).
tests/agent/test_sim_end_to_end.py runs the catalogue app on the archive and counts every call.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from harness.device.sim.build import locked
from harness.device.sim.fonts import screenshot_font
from harness.device.sim.runtime import JVM_FLAGS, app_runtime, runtime_tag
from harness.errors import DeviceError

ENABLE_ENV = "HARNESS_SIM_CDS"
TRAINING_CLASS = "com.android.internal.sim.CdsTraining"
BUILD_TIMEOUT_S = 300.0
# Quiet at run time: an archive the JVM cannot use (it never should) is skipped without a line
# in the app's log, which is evidence.
RUN_FLAGS = ("-Xlog:cds=off,cds+dynamic=off",)


def archive_flags(jar: Path) -> list[str]:
    """The JVM flags that use the device's archive of the jar (built now if missing), [] without
    one."""
    archive = device_archive(jar)
    return [f"-XX:SharedArchiveFile={archive}", *RUN_FLAGS] if archive else []


def device_archive(jar: Path) -> Path | None:
    """The archive the simulated device's app JVMs start with: trained with their JVM_FLAGS and,
    when one is installed, the screenshot font (without it, Java2D's classes are left out)."""
    try:
        font: Path | None = screenshot_font()
    except DeviceError:
        font = None
    return framework_archive(jar, JVM_FLAGS, font)


def framework_archive(jar: Path, flags: Sequence[str], font: Path | None) -> Path | None:
    """The archive of `jar` for JVMs started with `flags`; None when off or unbuildable."""
    if os.environ.get(ENABLE_ENV) == "0":
        return None
    archive = archive_path(jar)
    failed = archive.with_name(archive.name + ".failed")
    if archive.is_file():
        return archive
    if failed.is_file():
        return None
    with locked(archive.with_name(archive.name + ".lock")):
        if archive.is_file():
            return archive
        if failed.is_file():
            return None
        problem = _build(jar, flags, font, archive)
        if problem:
            failed.write_text(problem + "\n", encoding="utf-8")
            return None
    return archive


def archive_path(jar: Path) -> Path:
    """The archive's name: per framework jar and per runtime, since a dynamic archive is only
    valid on the runtime (and its base archive) it was trained on."""
    return jar.with_name(f"{jar.stem}-{runtime_tag(app_runtime())}.jsa")


def _build(jar: Path, flags: Sequence[str], font: Path | None, archive: Path) -> str:
    """Train, check and place the archive; what went wrong, or "" when it is in place."""
    java = str(app_runtime().java)
    staging = archive.with_name(f".{archive.name}.{os.getpid()}.tmp")
    train = [java, *flags, f"-XX:ArchiveClassesAtExit={staging}", "-cp", str(jar), TRAINING_CLASS]
    train += [str(jar)] + ([str(font)] if font else [])
    check = [java, *flags, "-Xshare:on", f"-XX:SharedArchiveFile={staging}", "-cp", str(jar)]
    check += [TRAINING_CLASS, str(jar)]
    try:
        for step, cmd in (("training", train), ("check", check)):
            try:
                done = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, cwd=jar.parent
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                return f"{step}: {exc}"
            if done.returncode != 0 or not staging.is_file():
                return f"{step} exited {done.returncode}: {(done.stdout + done.stderr)[-2000:]}"
        os.replace(staging, archive)
        return ""
    finally:
        staging.unlink(missing_ok=True)

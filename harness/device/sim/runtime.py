"""The Java runtime the simulated device's app processes run on: a jlink image of the JDK.

Why not the JDK itself: Frida's injector reads every read-only shared file mapping of the
process it attaches to whole, through /proc/PID/mem, three times per attach (seen with strace
on Frida 17.2). HotSpot maps the JDK's `lib/modules` (every module, 128 MB on Debian's JDK 17)
whole, so each attach to a sim app read 385 MB and cost 0.42-0.46 s of controller CPU, against
0.05 s for a small native process. An image of only the modules an app process uses, with
compressed resources and two locales, maps a 31 MB `lib/modules` and attaches in 0.09-0.10 s
(benchmarks/bench_sim_startup.py).

The image is built once per JDK (its identity changes when the JDK is updated) under the sim's
cache: jlink, then `-Xshare:dump` for the image's own class-data sharing archive (an image has
none, and a JVM without one starts 0.1 s slower), then a check that the image starts with the
device's JVM flags and maps that archive. Only a checked image takes its name; a build that
fails leaves a `.failed` note naming the step, and the device runs on the JDK as before.
`HARNESS_SIM_RUNTIME=jdk` chooses the JDK without building (for measuring, or to rule the
image out).

The modules and locales are data (javaplatform.py), the same list apps are compiled against.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from harness.device.sim.build import locked
from harness.device.sim.javaplatform import LOCALES, MODULES
from harness.device.sim.jdk import Jdk, find_jdk, identity
from harness.paths import cache_dir

RUNTIME_ENV = "HARNESS_SIM_RUNTIME"  # "jdk": run app processes on the JDK, build no image
LAYOUT = "1"  # what the build does; a change here names a new image

JLINK_OPTIONS = (
    "--compress=2",  # a smaller lib/modules is less for Frida to read on every attach
    "--no-header-files",
    "--no-man-pages",
    f"--include-locales={','.join(LOCALES)}",
    # debug attributes stay: stacks in the evidence keep their line numbers
)
BUILD_TIMEOUT_S = 300.0

# Measured on JDK 17 (benchmarks/bench_sim_startup.py): C1 only and the serial GC start fastest
# and keep a process small; the archive of JDK classes (CDS) is shared between processes.
JVM_FLAGS = (
    "-Xshare:auto",
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-Xss512k",
    "-Xmx128m",
    "-XX:-UsePerfData",
    "-Dfile.encoding=UTF-8",
    "-Dsun.stdout.encoding=UTF-8",
    "-Dsun.stderr.encoding=UTF-8",
    "-Djava.awt.headless=true",  # screenshots draw with Java2D, never on a display
    # SimNet.java replaces the JDK's name service (a private field of InetAddress) so that every
    # host resolves to the device's sink: nothing an app sends leaves the machine.
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    # SimAgent (the framework jar's -javaagent) patches NetworkInterface with the JDK's ASM.
    "--add-exports=java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED",
)


@dataclass(frozen=True)
class Runtime:
    java: Path  # the launcher app processes start with
    image: Path | None  # the jlink image; None when they run on the JDK
    note: str  # why they run on the JDK, "" on the image


def image_folder(jdk: Jdk) -> Path:
    """Where the image of `jdk` lives: named after what it is built from."""
    key = "\n".join([LAYOUT, identity(jdk.java), *MODULES, *JLINK_OPTIONS])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return cache_dir() / "sim" / "runtime" / f"jdk{jdk.major}-{digest}"


def _failed_note(folder: Path) -> Path:
    return folder.with_name(folder.name + ".failed")


def jdk_chosen() -> bool:
    """Whether the environment chose the JDK (RUNTIME_ENV=jdk) over the image."""
    return os.environ.get(RUNTIME_ENV) == "jdk"


def _as_it_stands(jdk: Jdk, folder: Path) -> Runtime | None:
    """The chosen, built or given-up runtime; None when the image in `folder` is still to be
    built."""
    if jdk_chosen():
        return Runtime(jdk.java, None, f"{RUNTIME_ENV}=jdk")
    if (folder / "bin" / "java").is_file():
        return Runtime(folder / "bin" / "java", folder, "")
    failed = _failed_note(folder)
    if failed.is_file():
        return Runtime(jdk.java, None, _read_note(failed))
    return None


def built_runtime() -> Runtime:
    """The runtime as it stands, building nothing (for `harness doctor`)."""
    jdk = find_jdk()
    found = _as_it_stands(jdk, image_folder(jdk))
    return found or Runtime(jdk.java, None, "not built yet (harness setup builds it)")


def app_runtime(*, retry: bool = False) -> Runtime:
    """The runtime for app processes, the image built now if missing. `retry` (harness setup)
    removes the note of a build that failed first, so that it is tried again."""
    jdk = find_jdk()
    folder = image_folder(jdk)
    if retry:
        _failed_note(folder).unlink(missing_ok=True)
    found = _as_it_stands(jdk, folder)
    if found is not None:
        return found
    try:
        with locked(folder.with_name(folder.name + ".lock")):
            found = _as_it_stands(jdk, folder)  # built, or given up, by another process meanwhile
            if found is not None:
                return found
            problem = _build(jdk, folder)
            if problem:
                _failed_note(folder).write_text(problem[-4000:] + "\n", encoding="utf-8")
                return Runtime(jdk.java, None, problem.splitlines()[0][:300])
    except OSError as exc:  # a read-only or full cache: the JDK, asked again next launch
        return Runtime(jdk.java, None, f"the image could not be built: {exc}")
    return Runtime(folder / "bin" / "java", folder, "")


def runtime_tag(runtime: Runtime) -> str:
    """A name for what app processes run on: the image's, or the JDK's identity (an updated JDK
    is another runtime)."""
    if runtime.image is not None:
        return runtime.image.name
    return "jdk-" + hashlib.sha256(identity(runtime.java).encode("utf-8")).hexdigest()[:12]


def app_java() -> Path:
    """The launcher app processes start with (the image's, or the JDK's on fallback)."""
    return app_runtime().java


def _read_note(failed: Path) -> str:
    try:
        text = failed.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    first = text.splitlines()[0][:300] if text else "unknown reason"
    return f"the image could not be built: {first} (note: {failed})"


def _build(jdk: Jdk, folder: Path) -> str:
    """jlink, archive and check the image, then give it its name; what failed, or ""."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Under the lock no other build of this image runs: whatever it left is a killed build's
    # staging folder, or an image without its launcher (a cache cleaned by hand).
    for leftover in folder.parent.glob(f".{folder.name}.*.tmp"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    staging = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    jlink = jdk.home / "bin" / "jlink"
    jmods = jdk.home / "jmods"
    if not jlink.is_file() or not jmods.is_dir():
        return f"jlink: the JDK at {jdk.home} has no bin/jlink or jmods/"
    java = staging / "bin" / "java"
    steps = (
        (
            "jlink",
            [
                str(jlink),
                "--module-path",
                str(jmods),
                "--add-modules",
                ",".join(MODULES),
                *JLINK_OPTIONS,
                "--output",
                str(staging),
            ],
        ),
        # the image's default CDS archive (lib/server/classes.jsa), as the JDK ships one
        ("archive", [str(java), "-Xshare:dump"]),
        # the device's own flags, and the archive must map: a JVM that cannot use it would
        # start slower without a word
        ("check", [str(java), *JVM_FLAGS, "-Xshare:on", "-version"]),
    )
    try:
        for step, cmd in steps:
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
            except (OSError, subprocess.TimeoutExpired) as exc:
                return f"{step}: {exc}"
            if done.returncode != 0:
                return f"{step} exited {done.returncode}: {(done.stdout + done.stderr)[-2000:]}"
        os.rename(staging, folder)
        return ""
    except OSError as exc:
        return f"placing the image: {exc}"
    finally:
        shutil.rmtree(staging, ignore_errors=True)

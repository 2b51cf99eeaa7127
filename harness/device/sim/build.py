"""Compile the stand-in framework into a jar and apps against it, cached by content hash."""

from __future__ import annotations

import fcntl
import fnmatch
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from harness.device.sim.javaplatform import MODULES
from harness.device.sim.jdk import Jdk, find_jdk
from harness.errors import DeviceError, InstallError, InstallFault
from harness.paths import cache_dir, sim_sources_dir

MAX_ERRORS_SHOWN = 5
_JAVAC_ERROR = re.compile(r"^(?P<file>.+?\.java):(?P<line>\d+): error: (?P<msg>.*)$")


def _sim_cache() -> Path:
    path = cache_dir() / "sim"
    path.mkdir(parents=True, exist_ok=True)
    return path


def tree_hash(root: Path, pattern: str = "*.java", salt: str = "") -> str:
    """Hash of every matching file's relative path and content (order-independent of the walk)."""
    digest = hashlib.sha256(salt.encode())
    for file in sorted(root.rglob(pattern)):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """One builder at a time per cache entry (batch runs start many devices at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _javac(
    jdk: Jdk, sources: list[Path], out: Path, classpath: Path | str | None
) -> subprocess.CompletedProcess[str]:
    args = [
        str(jdk.javac),
        "--release",
        "17",
        "-encoding",
        "UTF-8",
        "-nowarn",
        "-Xmaxerrs",
        "20",
        # the modules the device's runtime image has, no more (javaplatform.py)
        "--limit-modules",
        ",".join(MODULES),
        "-J-XX:TieredStopAtLevel=1",
        "-J-XX:+UseSerialGC",
        "-d",
        str(out),
    ]
    if classpath is not None:
        args += ["-cp", str(classpath)]
    # An argument file: thousands of sources would overflow the command line.
    argfile = out.parent / "sources.txt"
    argfile.write_text("\n".join(f'"{s}"' for s in sources), encoding="utf-8")
    try:
        return subprocess.run(args + [f"@{argfile}"], capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise InstallError("javac did not finish within 10 minutes") from None


def framework_sources() -> Path:
    return sim_sources_dir() / "framework"


def agent_sources() -> Path:
    """The sim's JVM agent (SimAgent: the device's MAC in NetworkInterface), compiled apart."""
    return sim_sources_dir() / "agent"


# A file written this recently may be written again, same size, within the file system's
# timestamp granularity (the kernel's coarse clock: a few ms), so its stamp could miss the
# change: a tree holding one is hashed from its content every time (git's "racy" entries).
RACY_NS = 2_000_000_000
MAX_MEMO = 64  # trees whose hash is remembered (a batch installs many apps in one process)
_MEMO: OrderedDict[tuple[object, ...], str] = OrderedDict()  # (root, salt, stamp) -> hash
_MEMO_LOCK = threading.Lock()


def _stamp(root: Path, pattern: str = "*.java") -> tuple[tuple[str, int, int], ...] | None:
    """Every matching file's relative path, size and mtime (what changes when the sources do),
    or None when one was modified too recently to trust its stamp (RACY_NS).

    os.walk, not Path.rglob: the same files (symlinks followed), at a fraction of the cost; this
    runs at every install and launch."""
    now = time.time_ns()
    found: list[tuple[str, int, int]] = []
    for folder, _dirs, files in os.walk(root, followlinks=True):
        rel = Path(folder).relative_to(root)
        for name in files:
            if not fnmatch.fnmatchcase(name, pattern):
                continue
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                return None  # removed meanwhile: hash the tree as it is now
            if now - st.st_mtime_ns < RACY_NS:
                return None
            found.append(((rel / name).as_posix(), st.st_size, st.st_mtime_ns))
    found.sort()
    return tuple(found)


def cached_tree_hash(root: Path, pattern: str = "*.java", salt: str = "") -> str:
    """tree_hash, computed again only when a file's stamp changes (reading and hashing every
    source at each install and launch cost ~0.2 s under load for the framework's 180)."""
    stamp = _stamp(root, pattern)
    if stamp is None:
        return tree_hash(root, pattern, salt)
    key = (str(root.resolve()), pattern, salt, stamp)
    with _MEMO_LOCK:
        found = _MEMO.get(key)
        if found is not None:
            _MEMO.move_to_end(key)
            return found
    found = tree_hash(root, pattern, salt)
    if _stamp(root, pattern) == stamp:  # not changed while it was read
        with _MEMO_LOCK:
            _MEMO[key] = found
            while len(_MEMO) > MAX_MEMO:
                _MEMO.popitem(last=False)
    return found


def framework_hash(jdk: Jdk | None = None) -> str:
    """The framework's content hash (its sources, the sim agent's, the JDK's version)."""
    jdk = jdk or find_jdk()
    agent = cached_tree_hash(agent_sources())
    return cached_tree_hash(framework_sources(), salt=jdk.version + agent)


# The agent patches a JDK class with the JDK's internal ASM: javac must see that package, which
# --release does not allow, so the agent is compiled by the JDK that runs it, for its own modules.
AGENT_JAVAC_FLAGS = ("--add-exports", "java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED")
AGENT_MANIFEST = (
    "Manifest-Version: 1.0\n"
    "Premain-Class: com.android.internal.sim.SimAgent\n"
    "Can-Retransform-Classes: true\n"
)


def _compile_agent(jdk: Jdk, classes: Path) -> None:
    sources = sorted(agent_sources().rglob("*.java"))
    if not sources:
        return
    args = [str(jdk.javac), "-encoding", "UTF-8", "-nowarn", *AGENT_JAVAC_FLAGS]
    args += ["-cp", str(classes), "-d", str(classes), *map(str, sources)]
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise DeviceError("javac did not finish the sim agent within 10 minutes") from None
    if result.returncode != 0:
        raise DeviceError(
            "the simulated device's agent does not compile:\n"
            + _first_errors(result.stderr, agent_sources())
        )


def build_framework() -> Path:
    """The framework jar for the current sources (built on first use, then cached)."""
    jdk = find_jdk()
    src = framework_sources()
    if not src.is_dir():
        raise DeviceError(f"the simulated framework sources are missing ({src})")
    key = framework_hash(jdk)
    jar = _sim_cache() / f"framework-{key}.jar"
    if jar.is_file():
        return jar
    with locked(_sim_cache() / f"framework-{key}.lock"):
        if jar.is_file():
            return jar
        with tempfile.TemporaryDirectory(dir=_sim_cache(), prefix="fw-build-") as tmp:
            classes = Path(tmp) / "classes"
            classes.mkdir()
            result = _javac(jdk, sorted(src.rglob("*.java")), classes, None)
            if result.returncode != 0:
                raise DeviceError(
                    "the simulated framework does not compile:\n"
                    + _first_errors(result.stderr, src)
                )
            _compile_agent(jdk, classes)
            staging = Path(tmp) / "framework.jar"
            # Stored, not deflated: the JVM reads it at every process start.
            with zipfile.ZipFile(staging, "w", zipfile.ZIP_STORED) as zf:
                zf.writestr("META-INF/MANIFEST.MF", AGENT_MANIFEST)
                for file in sorted(classes.rglob("*.class")):
                    zf.write(file, file.relative_to(classes).as_posix())
            os.replace(staging, jar)
    return jar


def _first_errors(stderr: str, root: Path) -> str:
    errors = []
    for line in stderr.splitlines():
        match = _JAVAC_ERROR.match(line)
        if match:
            file = Path(match["file"])
            try:
                shown = file.relative_to(root).as_posix()
            except ValueError:
                shown = file.as_posix()
            errors.append(f"{shown}:{match['line']}: {match['msg']}")
    if not errors:
        return stderr.strip()[-2000:]
    more = len(errors) - MAX_ERRORS_SHOWN
    text = "\n".join(errors[:MAX_ERRORS_SHOWN])
    return text + (f"\n(and {more} more)" if more > 0 else "")


def compile_app(
    src_root: Path, package: str, libs: Sequence[Path] = (), *, jar: Path | None = None
) -> Path:
    """Compile an app's src/**/*.java against the framework (`jar`, by default the current
    one) and its SDK jars (`libs`); returns the cached classes dir."""
    jdk = find_jdk()
    jar = jar or build_framework()
    if not src_root.is_dir():
        raise InstallError(
            f"{src_root}: the app has no src/ folder with its Java sources", fault=InstallFault.app
        )
    sources = sorted(src_root.rglob("*.java"))
    if not sources:
        raise InstallError(f"{src_root}: no .java files under src/", fault=InstallFault.app)
    stamps = (f"|{lib}:{lib.stat().st_size}:{lib.stat().st_mtime_ns}" for lib in libs)
    salt = jar.name + "".join(stamps)
    key = cached_tree_hash(src_root, salt=salt)
    classes = _sim_cache() / "apps" / f"{package}-{key}"
    if classes.is_dir():
        return classes
    with locked(_sim_cache() / "apps" / f"{package}-{key}.lock"):
        if classes.is_dir():
            return classes
        with tempfile.TemporaryDirectory(dir=_sim_cache() / "apps", prefix="app-build-") as tmp:
            out = Path(tmp) / "classes"
            out.mkdir()
            classpath = os.pathsep.join(str(p) for p in (jar, *libs))
            result = _javac(jdk, sources, out, classpath)
            if result.returncode != 0:
                raise InstallError(
                    f"{package} does not compile:\n"
                    + _first_errors(result.stderr, src_root.parent),
                    fault=InstallFault.app,
                )
            os.replace(out, classes)
    return classes


def clean_cache() -> None:
    shutil.rmtree(_sim_cache(), ignore_errors=True)

"""The Java runtime of the simulated device's app processes (harness/device/sim/runtime.py): a
jlink image of the JDK, built once, with the modules and locales it lists, its own CDS archive,
and a clean fall-back to the JDK when it cannot be built."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from harness.device.sim import SimDevice
from harness.device.sim.javaplatform import MODULES
from harness.device.sim.jdk import find_jdk
from harness.device.sim.runtime import RUNTIME_ENV, app_java, app_runtime, image_folder

from .conftest import LIFECYCLE, wait_for

PKG = "com.test.lifecycle"


@pytest.fixture
def jdk_cache_cleared() -> Iterator[None]:
    find_jdk.cache_clear()  # the tests below point HARNESS_JAVA_HOME elsewhere
    yield
    find_jdk.cache_clear()


def test_app_processes_run_on_the_image_and_map_its_files(tmp_path: Path) -> None:
    runtime = app_runtime()
    assert runtime.image is not None, runtime.note
    device = SimDevice(tmp_path / "home", ephemeral=True)
    try:
        device.install(LIFECYCLE)
        proc = device.start_paused(PKG)
        exe = Path(psutil.Process(proc.pid).cmdline()[0])
        assert exe == runtime.image / "bin" / "java"
        device.resume(proc.pid)
        wait_for(lambda: device.foreground_package() == PKG, timeout=30, what="the first screen")
        maps = Path(f"/proc/{proc.pid}/maps").read_text(encoding="utf-8")
        mapped = {line.split()[-1] for line in maps.splitlines() if "/" in line}
        # the JVM maps the image's small lib/modules, not the JDK's, and the image's own archive
        assert str(runtime.image / "lib" / "modules") in mapped
        assert str(runtime.image / "lib" / "server" / "classes.jsa") in mapped
        assert str(find_jdk().home / "lib" / "modules") not in mapped
    finally:
        device.close()


def test_the_image_holds_the_listed_modules_and_locales_only() -> None:
    image = app_runtime().image
    assert image is not None
    listed = subprocess.run(
        [str(image / "bin" / "java"), "--list-modules"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    modules = {line.split("@")[0] for line in listed.split()}
    assert modules >= set(MODULES)
    assert "java.rmi" not in modules and "java.scripting" not in modules  # in the JDK, not here
    resources = subprocess.run(
        [str(find_jdk().home / "bin" / "jimage"), "list", str(image / "lib" / "modules")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "FormatData_zh.class" in resources  # Chinese apps format dates and numbers
    assert "FormatData_de.class" not in resources


def test_a_jdk_that_cannot_make_an_image_is_used_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jdk_cache_cleared: None
) -> None:
    real = find_jdk()
    fake = tmp_path / "jdk-without-jmods"
    (fake / "bin").mkdir(parents=True)
    for tool in ("java", "javac"):
        os.symlink(real.home / "bin" / tool, fake / "bin" / tool)
    (fake / "release").write_text('JAVA_VERSION="17"\n', encoding="utf-8")
    monkeypatch.setenv("HARNESS_JAVA_HOME", str(fake))
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(RUNTIME_ENV, raising=False)
    find_jdk.cache_clear()
    runtimes = tmp_path / "cache" / "sim" / "runtime"
    killed = runtimes / f".{image_folder(find_jdk()).name}.99999.tmp"  # a killed build's
    (killed / "lib").mkdir(parents=True)
    runtime = app_runtime()
    assert not killed.exists()  # cleaned up by the next build
    assert runtime.image is None and runtime.java == fake / "bin" / "java"
    assert "jlink" in runtime.note and "jmods" in runtime.note
    notes = list((tmp_path / "cache" / "sim" / "runtime").glob("*.failed"))
    assert len(notes) == 1
    stamp = notes[0].stat().st_mtime_ns
    again = app_runtime()  # the note stands: not tried again on every launch
    assert again.image is None and notes[0].stat().st_mtime_ns == stamp
    assert "could not be built" in again.note
    assert not list((tmp_path / "cache" / "sim" / "runtime").glob(".*.tmp"))
    os.utime(notes[0], ns=(0, 0))  # so that a rewritten note shows
    retried = app_runtime(retry=True)  # harness setup: the note goes, the build is tried again
    assert retried.image is None and "jlink" in retried.note
    assert notes[0].is_file() and notes[0].stat().st_mtime_ns > 0


def test_the_environment_can_choose_the_jdk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(RUNTIME_ENV, "jdk")
    assert app_java() == find_jdk().java
    assert app_runtime().image is None


def test_doctor_names_the_runtime(monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.device.registry import sim_checks

    monkeypatch.delenv(RUNTIME_ENV, raising=False)
    image = app_runtime().image
    (check,) = [c for c in sim_checks() if c.name == "sim runtime"]
    assert check.status == "ok" and check.detail == str(image)
    monkeypatch.setenv(RUNTIME_ENV, "jdk")
    (check,) = [c for c in sim_checks() if c.name == "sim runtime"]
    assert check.status == "warn" and RUNTIME_ENV in check.detail
    assert check.fix.startswith(f"unset {RUNTIME_ENV}")


def test_a_cache_that_takes_no_image_leaves_the_jdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    (cache / "sim").mkdir(parents=True)
    (cache / "sim" / "runtime").write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(cache))
    monkeypatch.delenv(RUNTIME_ENV, raising=False)
    runtime = app_runtime()  # no exception: the launch goes on, on the JDK
    assert runtime.image is None and runtime.java == find_jdk().java
    assert "could not be built" in runtime.note

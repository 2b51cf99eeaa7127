"""The framework's class-data sharing archive (harness/device/sim/cds.py): built once per jar,
checked before it is used, used by every app JVM, and the device starts without it cleanly."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psutil
import pytest

from harness.device.sim import SimDevice
from harness.device.sim.build import build_framework
from harness.device.sim.cds import ENABLE_ENV, archive_path, framework_archive
from harness.device.sim.runtime import JVM_FLAGS, app_java

from .conftest import LIFECYCLE, wait_for

PKG = "com.test.lifecycle"


def _jar_copy(tmp_path: Path, name: str) -> Path:
    jar = tmp_path / name
    shutil.copyfile(build_framework(), jar)  # a copy: the shared cache's jar is left alone
    return jar


def test_archive_is_built_once_and_the_jvm_maps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENABLE_ENV, "1")
    jar = _jar_copy(tmp_path, "fw.jar")
    archive = framework_archive(jar, JVM_FLAGS, None)
    # named after the jar and the runtime it was trained on (a dynamic archive fits one only)
    assert archive == archive_path(jar) and archive.stat().st_size > 0
    assert archive.parent == jar.parent and archive.name.startswith("fw-")
    stamp = archive.stat().st_mtime_ns
    assert framework_archive(jar, JVM_FLAGS, None) == archive  # cached: not trained again
    assert archive.stat().st_mtime_ns == stamp
    # -Xshare:on fails rather than falling back: the archive is usable with these flags
    loaded = subprocess.run(
        [str(app_java()), *JVM_FLAGS, "-Xshare:on", f"-XX:SharedArchiveFile={archive}"]
        + ["-Xlog:class+load=info", "-cp", str(jar), "com.android.internal.sim.CdsTraining"]
        + [str(jar)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    shared = [line for line in loaded.stdout.splitlines() if "android.app.Activity " in line]
    assert shared and "shared objects file (top)" in shared[0]


def test_a_failed_build_is_noted_and_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENABLE_ENV, "1")
    jar = _jar_copy(tmp_path, "bad.jar")
    assert framework_archive(jar, [*JVM_FLAGS, "-XX:+NoSuchOptionAtAll"], None) is None
    note = archive_path(jar).with_name(archive_path(jar).name + ".failed")
    assert "training" in note.read_text(encoding="utf-8")
    assert not archive_path(jar).exists()
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written archive left behind
    assert framework_archive(jar, JVM_FLAGS, None) is None  # the note stands


@pytest.mark.parametrize("enabled", [True, False])
def test_app_jvms_start_with_the_archive_unless_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    if enabled:
        monkeypatch.delenv(ENABLE_ENV, raising=False)  # on by default
    else:
        monkeypatch.setenv(ENABLE_ENV, "0")
    device = SimDevice(tmp_path / "home", ephemeral=True)
    try:
        device.install(LIFECYCLE)
        proc = device.start_paused(PKG)
        cmdline = psutil.Process(proc.pid).cmdline()
        uses = any(arg.startswith("-XX:SharedArchiveFile=") for arg in cmdline)
        assert uses is enabled
        device.resume(proc.pid)
        wait_for(lambda: device.foreground_package() == PKG, timeout=30, what="the first screen")
    finally:
        device.close()

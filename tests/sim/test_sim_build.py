"""JDK lookup and compilation: cached jars, and compile errors quoted as file:line: message."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from harness.device.sim import build, build_framework
from harness.device.sim import jdk as jdk_module
from harness.device.sim.build import compile_app
from harness.errors import DeviceError, InstallError, InstallFault

from .conftest import LIFECYCLE


def test_find_jdk_is_17() -> None:
    jdk = jdk_module.find_jdk()
    assert jdk.major == 17 and jdk.version.startswith("17")
    assert jdk.java.is_file() and jdk.javac.is_file()


def test_jdk_25_is_refused_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    jdk25 = Path("/usr/lib/jvm/temurin-25-jdk-amd64")
    if not (jdk25 / "bin" / "java").is_file():
        pytest.skip("no JDK 25 on this machine")
    monkeypatch.setenv("HARNESS_JAVA_HOME", str(jdk25))
    jdk_module.find_jdk.cache_clear()
    try:
        with pytest.raises(DeviceError) as err:
            jdk_module.find_jdk()
    finally:
        jdk_module.find_jdk.cache_clear()
    assert "JDK 25" in str(err.value) and "JDK 20+" in str(err.value)


def test_framework_jar_is_cached() -> None:
    first = build_framework()
    assert first.is_file() and first.suffix == ".jar"
    assert build_framework() == first


def test_compile_error_quotes_file_and_line(tmp_path: Path) -> None:
    app = tmp_path / "broken"
    shutil.copytree(LIFECYCLE, app)
    bad = app / "src" / "com" / "test" / "lifecycle" / "Broken.java"
    bad.write_text("package com.test.lifecycle;\n\nclass Broken {\n    int x = ;\n}\n")
    with pytest.raises(InstallError) as err:
        compile_app(app / "src", "com.test.lifecycle")
    assert "src/com/test/lifecycle/Broken.java:4: illegal start of expression" in str(err.value)
    assert err.value.fault is InstallFault.app  # no other device would compile it either


def test_unknown_framework_api_is_a_compile_error(tmp_path: Path) -> None:
    app = tmp_path / "uses-missing-api"
    shutil.copytree(LIFECYCLE, app)
    (app / "src" / "com" / "test" / "lifecycle" / "Missing.java").write_text(
        "package com.test.lifecycle;\nclass Missing {\n"
        "  Object o = new android.nfc.NfcAdapter();\n}\n"
    )
    with pytest.raises(InstallError, match=r"Missing.java:3: package android.nfc does not exist"):
        compile_app(app / "src", "com.test.lifecycle")


def test_a_jdk_api_outside_the_device_platform_is_a_compile_error(tmp_path: Path) -> None:
    # javax.naming is in the JDK but not in the device's runtime image (javaplatform.py)
    app = tmp_path / "uses-jndi"
    shutil.copytree(LIFECYCLE, app)
    (app / "src" / "com" / "test" / "lifecycle" / "Jndi.java").write_text(
        "package com.test.lifecycle;\nclass Jndi {\n  Object o = javax.naming.Context.class;\n}\n"
    )
    with pytest.raises(InstallError, match=r"Jndi.java:3: package javax.naming is not visible"):
        compile_app(app / "src", "com.test.lifecycle")


def test_install_faults_say_whose_fault_they_are(device, tmp_path: Path) -> None:
    with pytest.raises(InstallError, match="not installed") as absent:
        device.install("com.nope.app")  # a package name: looked up, not compiled
    assert absent.value.fault is InstallFault.device_mismatch
    with pytest.raises(InstallError, match="no such app folder") as missing:
        device.install(tmp_path / "missing")
    assert missing.value.fault is InstallFault.app
    not_a_folder = tmp_path / "app.txt"
    not_a_folder.write_text("x")
    with pytest.raises(InstallError) as file:
        device.install(not_a_folder)
    assert file.value.fault is InstallFault.app


def test_health_check_passes_then_fails_when_the_home_takes_no_writes(device) -> None:
    device.health_check()
    assert not (device.home / ".health-check").exists()  # the probe leaves nothing behind
    shutil.rmtree(device.home)
    device.home.write_text("not a folder any more")  # works as root too, unlike a chmod
    with pytest.raises(DeviceError, match="does not take writes"):
        device.health_check()
    device.home.unlink()
    device.home.mkdir()  # let the fixture's clean-up find its home again


def _old(tree: Path, seconds_ago: float = 3600) -> None:
    """Give every file of `tree` an mtime long past (no longer "racy": its stamp is trusted)."""
    when = time.time() - seconds_ago
    for file in tree.rglob("*"):
        os.utime(file, (when, when))


def test_tree_hash_is_remembered_while_the_stamps_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = tmp_path / "src"
    shutil.copytree(LIFECYCLE / "src", tree)
    _old(tree)
    hashed: list[Path] = []
    real = build.tree_hash

    def counting(root: Path, pattern: str = "*.java", salt: str = "") -> str:
        hashed.append(root)
        return real(root, pattern, salt)

    monkeypatch.setattr(build, "tree_hash", counting)
    first = build.cached_tree_hash(tree, salt="s")
    assert build.cached_tree_hash(tree, salt="s") == first == real(tree, salt="s")
    assert len(hashed) == 1  # the second call read no source
    assert build.cached_tree_hash(tree, salt="other") != first  # the salt is in the key


def test_a_changed_source_is_hashed_again(tmp_path: Path) -> None:
    tree = tmp_path / "src"
    shutil.copytree(LIFECYCLE / "src", tree)
    _old(tree)
    first = build.cached_tree_hash(tree)
    source = next(tree.rglob("*.java"))
    text = source.read_text()
    # the same size, then an old mtime again (but another one): only the stamp tells
    source.write_text(text.replace("{", "}", 1) if "{" in text else text + " ")
    _old(tree, seconds_ago=7200)
    second = build.cached_tree_hash(tree)
    assert second != first and second == build.tree_hash(tree)
    (source.parent / "Added.java").write_text("class Added {}\n")  # a new file, just written
    assert build.cached_tree_hash(tree) == build.tree_hash(tree) != second


def test_a_file_written_just_now_is_read_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two writes of the same size within the clock's granularity keep one mtime: a tree with
    a recent file is hashed from its content (git's racy entries), never from a stale memo."""
    tree = tmp_path / "src"
    shutil.copytree(LIFECYCLE / "src", tree)
    source = next(tree.rglob("*.java"))
    source.write_bytes(source.read_bytes())  # written now
    stamp = source.stat().st_mtime_ns
    first = build.cached_tree_hash(tree)
    source.write_bytes(source.read_bytes().replace(b"class", b"CLASS", 1))
    os.utime(source, ns=(stamp, stamp))  # the same mtime: what a coarse clock would give
    assert build.cached_tree_hash(tree) != first


def test_an_edited_app_is_compiled_again(tmp_path: Path) -> None:
    app = tmp_path / "edited"
    shutil.copytree(LIFECYCLE, app)
    first = compile_app(app / "src", "com.test.lifecycle")
    assert compile_app(app / "src", "com.test.lifecycle") == first  # the cache hit
    source = next((app / "src").rglob("*.java"))
    source.write_text(source.read_text() + "\nclass EditedLater {}\n")
    second = compile_app(app / "src", "com.test.lifecycle")
    assert second != first
    assert any(second.rglob("EditedLater.class"))


def _fake_jdk(home: Path, version: str) -> Path:
    """A JDK home whose `java -version` answers `version` and counts its calls."""
    (home / "bin").mkdir(parents=True, exist_ok=True)
    java = home / "bin" / "java"
    java.write_text(
        f"#!/bin/sh\necho run >> {home / 'calls'}\n"
        f"echo 'openjdk version \"{version}\" 2025-01-21' >&2\n"
    )
    java.chmod(0o755)
    (home / "bin" / "javac").write_text("#!/bin/sh\n")
    (home / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return java


def test_java_version_is_asked_once_per_jdk_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(tmp_path / "cache"))
    home = tmp_path / "jdk"
    _fake_jdk(home, "17.0.9")
    calls = home / "calls"
    first = jdk_module._probe(home)
    assert first is not None and first.version == "17.0.9" and first.major == 17
    assert jdk_module._probe(home) == first  # a new process would read the file too
    assert calls.read_text().count("run") == 1
    # an update in place: another release file (and launcher), so java is asked again
    _fake_jdk(home, "17.0.15")
    os.utime(home / "release", ns=(1, 1))
    again = jdk_module._probe(home)
    assert again is not None and again.version == "17.0.15"
    assert calls.read_text().count("run") == 2

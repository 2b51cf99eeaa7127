"""Real APK fixtures: built once per session from the committed apktool projects in projects/
with apktool, zipalign and apksigner (a throw-away key made in the build), cached in a tmp dir."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from harness.apk.build import build_apk, missing_tools
from tests.shared_build import lock, shared_dir

PROJECTS = Path(__file__).with_name("projects")


@pytest.fixture(scope="session")
def apk_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = missing_tools()
    if missing:  # CI installs them (.ci/run); a developer machine may not have them
        pytest.skip(f"building the APK fixtures needs {', '.join(missing)}")
    # one folder per test run, shared with tests/device_adb and by every xdist worker (the
    # builds take seconds each): build_apk reuses what another worker built under the lock
    return shared_dir(tmp_path_factory, "apk-cache")


@pytest.fixture(scope="session")
def shop_apk(apk_cache: Path) -> Path:
    with lock(apk_cache):
        return build_apk(PROJECTS / "shop", cache=apk_cache)


@pytest.fixture(scope="session")
def split_apk(apk_cache: Path) -> Path:
    with lock(apk_cache):
        return build_apk(PROJECTS / "shop-split-xxhdpi", cache=apk_cache)


@pytest.fixture(scope="session")
def split_folder(shop_apk: Path, split_apk: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("splits")
    shutil.copy(shop_apk, folder / "base.apk")
    shutil.copy(split_apk, folder / "split_config.xxhdpi.apk")
    return folder


@pytest.fixture(scope="session")
def apks_bundle(shop_apk: Path, split_apk: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "shop.apks"
    with zipfile.ZipFile(path, "w") as z:
        z.write(shop_apk, "splits/base-master.apk")
        z.write(split_apk, "splits/base-xxhdpi.apk")
        z.writestr("toc.pb", b"\x00")
    return path


def apksigner_sha256(apk: Path) -> str:
    """The signer certificate's SHA-256 as apksigner itself prints it: an independent oracle."""
    out = subprocess.run(
        ["apksigner", "verify", "--print-certs", str(apk)], capture_output=True, text=True
    ).stdout
    line = next(x for x in out.splitlines() if "certificate SHA-256 digest" in x)
    return line.rsplit(":", 1)[1].strip()

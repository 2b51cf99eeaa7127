"""A real APK (built from tests/apk/projects) installed through adbutils on the adb double: the
package comes from the APK's own manifest, not from diffing the device's package list."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.apk.build import build_apk, missing_tools
from harness.apk.inspect import inspect_target
from tests.shared_build import lock, shared_dir

from .adb_double import FakePackage

PROJECTS = Path(__file__).resolve().parents[1] / "apk" / "projects"


@pytest.fixture(scope="module")
def shop_apk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = missing_tools()
    if missing:  # CI installs them (.ci/run)
        pytest.skip(f"building the APK fixture needs {', '.join(missing)}")
    cache = shared_dir(tmp_path_factory, "apk-cache")  # the one tests/apk builds into
    with lock(cache):
        return build_apk(PROJECTS / "shop", cache=cache)


def test_install_uses_the_package_of_the_apk_itself(emulator, open_device, shop_apk) -> None:
    # Another app updating itself during the install made the package-list diff ambiguous.
    emulator.add_package(FakePackage("com.example.other", "1.0", 1))
    profile = inspect_target(shop_apk)
    app = open_device(emulator.serial).install(shop_apk, package=profile.package)
    assert (app.package, app.version_name, app.version_code) == ("com.example.shop", "2.3.1", 42)
    assert "android.permission.READ_PHONE_STATE" in app.requested_permissions
    assert not [c for c in emulator.commands if c.startswith("pm list packages -f")]
    assert "com.example.shop" in emulator.packages


def test_without_a_profile_the_old_diff_still_finds_it(emulator, open_device, shop_apk) -> None:
    app = open_device(emulator.serial).install(shop_apk)
    assert app.package == "com.example.shop"
    assert [c for c in emulator.commands if c.startswith("pm list packages -f")]

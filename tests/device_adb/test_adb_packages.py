"""Package operations of AdbDevice through adbutils against the adb server double."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InstallError, InstallFault

from .adb_double import FakeDevice, FakePackage
from .conftest import fake_apk

PERMS = (
    "android.permission.INTERNET",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.READ_PHONE_STATE",
)


@pytest.mark.parametrize("profile", ["android10", "android13"])
def test_install_single_apk_returns_app_info(
    adb_server, open_device, tmp_path: Path, profile: str
) -> None:
    dev = FakeDevice("emulator-5556", profile=profile, root="adbd")
    adb_server.devices[dev.serial] = dev
    apk = fake_apk(tmp_path / "app.apk", "com.example.shop", perms=PERMS)
    app = open_device(dev.serial).install(apk)
    assert app.package == "com.example.shop"
    assert app.version_name == "2.3.1" and app.version_code == 42
    assert app.requested_permissions == PERMS
    assert app.launcher_activity == "com.example.shop/com.example.shop.ui.SplashActivity"
    assert "com.example.shop" in dev.packages
    assert not [f for f in dev.files if f.endswith(".apk")], "temporary APK left on the device"
    assert any(c.startswith("pm install -r -t /data/local/tmp/harness-") for c in dev.commands)


def test_reinstall_of_same_package_is_recognised(emulator, open_device, tmp_path) -> None:
    emulator.add_package(FakePackage("com.example.shop", "1.0", 1))
    apk = fake_apk(tmp_path / "app.apk", "com.example.shop", version="2.0", code=2)
    app = open_device(emulator.serial).install(apk)
    assert (app.package, app.version_name) == ("com.example.shop", "2.0")


def test_split_apk_folder_uses_one_install_session(emulator, open_device, tmp_path) -> None:
    folder = tmp_path / "splits"
    folder.mkdir()
    fake_apk(folder / "base.apk", "com.example.split", perms=PERMS)
    (folder / "split_config.x86_64.apk").write_bytes(b"PK\x03\x04native")
    (folder / "split_config.xxhdpi.apk").write_bytes(b"PK\x03\x04res")
    app = open_device(emulator.serial).install(folder)
    assert app.package == "com.example.split"
    cmds = emulator.commands
    assert any(c.startswith("pm install-create -r -t -S ") for c in cmds)
    assert sum(c.startswith("pm install-write ") for c in cmds) == 3
    assert any(c.startswith("pm install-commit 1000001") for c in cmds)


@pytest.mark.parametrize("profile", ["android10", "android13"])
@pytest.mark.parametrize(
    "code,hint_word,fault",
    [
        ("INSTALL_FAILED_INSUFFICIENT_STORAGE", "free space", InstallFault.device),
        ("INSTALL_FAILED_NO_MATCHING_ABIS", "ABI", InstallFault.device_mismatch),
        ("INSTALL_FAILED_UPDATE_INCOMPATIBLE", "uninstall", InstallFault.device),
    ],
)
def test_install_failure_codes_become_install_errors(
    adb_server, open_device, tmp_path, profile, code, hint_word, fault
) -> None:
    dev = FakeDevice("emulator-5558", profile=profile, root="adbd", install_failure=code)
    adb_server.devices[dev.serial] = dev
    apk = fake_apk(tmp_path / "big.apk", "com.example.big")
    with pytest.raises(InstallError) as err:
        open_device(dev.serial).install(apk)
    assert code in err.value.message and "emulator-5558" in err.value.message
    assert hint_word in (err.value.hint or "")
    assert err.value.exit_code == 4
    assert (err.value.code, err.value.fault) == (code, fault)  # typed: batch never parses text


def test_install_of_a_non_apk_reports_parse_failure(emulator, open_device, tmp_path) -> None:
    bogus = tmp_path / "notes.apk"
    bogus.write_text("hello")
    with pytest.raises(InstallError, match="INSTALL_PARSE_FAILED_NOT_APK") as err:
        open_device(emulator.serial).install(bogus)
    assert err.value.fault is InstallFault.app  # every INSTALL_PARSE_FAILED_* is the app's own


def test_missing_source_and_bare_package_name(emulator, open_device, tmp_path) -> None:
    emulator.add_package(FakePackage("com.example.installed", "3.1", 31))
    dev = open_device(emulator.serial)
    assert dev.install("com.example.installed").version_code == 31
    with pytest.raises(InstallError, match="no such APK") as missing:
        dev.install(tmp_path / "missing.apk")
    assert missing.value.fault is InstallFault.app
    with pytest.raises(InstallError, match="not installed on emulator-5554") as absent:
        dev.app_info("com.example.absent")
    assert absent.value.fault is InstallFault.device_mismatch  # another device may have it
    with pytest.raises(InstallError, match="not installed on emulator-5554"):
        dev.install("com.example.absent")  # a package name, not a path: no file is looked for


@pytest.mark.parametrize("profile", ["android10", "android13"])
def test_grant_and_revoke_ignore_install_time_permissions(adb_server, open_device, profile):
    dev = FakeDevice("emulator-5560", profile=profile, root="adbd")
    adb_server.devices[dev.serial] = dev
    dev.add_package(FakePackage("com.example.p", permissions=PERMS))
    device = open_device(dev.serial)
    for perm in PERMS:
        device.grant("com.example.p", perm)  # INTERNET is not runtime: ignored, no error
    assert dev.packages["com.example.p"].granted == {
        "android.permission.ACCESS_FINE_LOCATION": True,
        "android.permission.READ_PHONE_STATE": True,
    }
    device.revoke("com.example.p", "android.permission.READ_PHONE_STATE")
    assert dev.packages["com.example.p"].granted["android.permission.READ_PHONE_STATE"] is False


def test_grant_to_unknown_package_is_an_error(emulator, open_device) -> None:
    from harness.errors import DeviceError

    with pytest.raises(DeviceError, match="Unknown package"):
        open_device(emulator.serial).grant("com.nope", "android.permission.CAMERA")


def test_uninstall_clear_and_list(emulator, open_device) -> None:
    emulator.add_package(FakePackage("com.example.a"))
    emulator.add_package(FakePackage("com.example.b"))
    dev = open_device(emulator.serial)
    assert dev.installed_packages() == ["com.example.a", "com.example.b"]
    dev.clear_data("com.example.a")
    dev.uninstall("com.example.a")
    dev.uninstall("com.example.a")  # already gone: fine
    assert dev.installed_packages() == ["com.example.b"]
    from harness.errors import DeviceError

    with pytest.raises(DeviceError, match="clearing the data of com.example.a"):
        dev.clear_data("com.example.a")


def test_app_without_launcher_activity(emulator, open_device) -> None:
    emulator.add_package(FakePackage("com.example.service", launcher=False))
    assert open_device(emulator.serial).app_info("com.example.service").launcher_activity is None

"""Settings, Build, Wi-Fi, Bluetooth, packages, processes, clipboard and accounts."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sim_framework.probes import Framework

FIXED_USER_APPS = ",".join(
    [
        "com.tencent.mm",
        "com.eg.android.AlipayGphone",
        "com.tencent.mobileqq",
        "com.sina.weibo",
        "com.ss.android.ugc.aweme",
        "com.taobao.taobao",
    ]
)


@pytest.fixture(scope="module")
def device_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    device = tmp_path_factory.mktemp("device")
    system = device / "data" / "system"
    system.mkdir(parents=True)
    # Android's packages.list format: name uid debuggable dataDir ...; a blank line is ignored.
    (system / "packages.list").write_text(
        "com.example.shop 10150 0 /data/user/0/com.example.shop\n\n"
    )
    return device


@pytest.fixture(scope="module")
def out(framework: Framework, device_dir: Path) -> dict[str, str]:
    return framework.run("DeviceProbe", str(device_dir))


def test_identifiers(out: dict[str, str]) -> None:
    assert out["android_id"] == "3f8e2b7c9d104a65"
    assert out["android_id_system"] == "3f8e2b7c9d104a65"
    assert out["unknown_setting"] == "null"
    assert out["setting_not_found"] == "SettingNotFoundException"
    assert out["build.serial_field"] == "unknown"
    assert out["build.model"] == "Google Pixel 4"
    assert out["build.sdk"] == "29/10"
    assert out["denied.getSerial"] == "SecurityException"
    assert out["granted.getSerial"] == "SIM0123456789"


def test_wifi_hides_location_revealing_data_without_location_permission(
    out: dict[str, str],
) -> None:
    assert (
        out["denied.wifi"] == "02:00:00:00:00:00|<unknown ssid>|02:00:00:00:00:00|385984704"
    )  # 192.168.1.23
    assert out["denied.scan"] == "0"
    assert out["granted.wifi"] == '02:00:00:00:00:00|"LabWiFi"|a4:5e:60:12:34:56'
    assert out["granted.scan"].split(",")[0] == "LabWiFi/a4:5e:60:12:34:56"
    assert out["api21.wifi_mac"] == "f0:5c:77:3a:9e:21"


def test_bluetooth(out: dict[str, str]) -> None:
    assert out["bt"] == "02:00:00:00:00:00|Pixel 4|true|5C:C1:D7:11:22:33"


def test_installed_packages_include_fixed_device_list_and_self(out: dict[str, str]) -> None:
    packages = out["packages"].split(",")
    assert packages[:6] == [
        "android",
        "com.android.settings",
        "com.android.systemui",
        "com.android.phone",
        "com.android.providers.contacts",
        "com.android.chrome",
    ]
    assert packages[-2:] == ["com.example.shop", "com.example.probe"]
    assert out["user_apps"] == f"{FIXED_USER_APPS},com.example.shop,com.example.probe"
    assert out["launchers"] == f"com.android.settings,com.android.chrome,{FIXED_USER_APPS}"
    assert out["not_installed"] == "NameNotFoundException"
    assert out["pm.class"] == "android.app.ApplicationPackageManager|0|-1"
    assert out["granted.checkPermission"] == "0|-1"


def test_running_processes_are_own_only_from_api_22(out: dict[str, str]) -> None:
    assert out["processes"] == "com.example.probe/true"
    assert out["api21.process_count"] == "6"


def test_clipboard(out: dict[str, str]) -> None:
    assert out["clip"] == "true|验证码 123456"
    assert out["clip_after_set"] == "copied"


def test_accounts_empty_without_permission_not_thrown(out: dict[str, str]) -> None:
    assert out["denied.accounts"] == "0"
    assert (
        out["granted.accounts"] == "user@example.com/com.google,wxid_lab0001/com.tencent.mm.account"
    )


def test_unknown_service_is_null(out: dict[str, str]) -> None:
    assert out["services"] == "[null, null]"


def test_installed_packages_follow_the_records_as_they_change(
    framework: Framework, tmp_path: Path
) -> None:
    system = tmp_path / "data" / "system"
    system.mkdir(parents=True)
    (system / "packages.list").write_text(
        "com.example.shop 10150 0 /data/user/0/com.example.shop\n"
    )
    (tmp_path / "packages").mkdir()
    out = framework.run("PackagesChangeProbe", str(tmp_path))
    assert out["before"] == out["again"] == "com.example.shop,com.example.probe"
    assert out["installed"] == "com.example.shop,com.example.added,com.example.probe"
    assert out["relisted"] == "com.example.listed,com.example.added,com.example.probe"
    assert out["removed"] == "com.example.listed,com.example.probe"

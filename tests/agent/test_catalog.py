"""The catalogue: its content, its validation errors, and its TypeScript twin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.catalog import Catalog, CatalogEntry, When, load_catalog
from harness.errors import ConfigError
from harness.model import Category

ROOT = Path(__file__).resolve().parents[2]
CATALOG_TS = ROOT / "hooks" / "src" / "catalog.ts"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "hooks" / "catalog.yaml")


def test_catalogue_covers_every_category_with_80_plus_java_methods(catalog: Catalog) -> None:
    java = [e for e in catalog.entries if e.kind == "java"]
    assert len(java) >= 80
    covered = {c for e in catalog.entries for c in e.categories()}
    assert covered == set(Category)


SIM_PRIVACY_APIS = [  # the "Privacy-sensitive data" section of sim-android-api.md
    "android.telephony.TelephonyManager.getDeviceId",
    "android.telephony.TelephonyManager.getImei",
    "android.telephony.TelephonyManager.getMeid",
    "android.telephony.TelephonyManager.getSubscriberId",
    "android.telephony.TelephonyManager.getSimSerialNumber",
    "android.telephony.TelephonyManager.getLine1Number",
    "android.telephony.TelephonyManager.getNetworkOperator",
    "android.telephony.TelephonyManager.getSimOperator",
    "android.telephony.TelephonyManager.getCellLocation",
    "android.telephony.TelephonyManager.getAllCellInfo",
    "android.provider.Settings$Secure.getString",
    "android.os.Build.getSerial",
    "android.net.wifi.WifiManager.getConnectionInfo",
    "android.net.wifi.WifiManager.getScanResults",
    "android.net.wifi.WifiInfo.getMacAddress",
    "android.net.wifi.WifiInfo.getBSSID",
    "android.net.wifi.WifiInfo.getSSID",
    "android.net.wifi.WifiInfo.getIpAddress",
    "java.net.NetworkInterface.getHardwareAddress",
    "android.bluetooth.BluetoothAdapter.getAddress",
    "android.bluetooth.BluetoothAdapter.getName",
    "android.location.LocationManager.getLastKnownLocation",
    "android.location.LocationManager.requestLocationUpdates",
    "android.location.Location.getLatitude",
    "android.location.Location.getLongitude",
    "android.content.ContentResolver.query",
    "android.content.pm.PackageManager.getInstalledPackages",
    "android.content.pm.PackageManager.getInstalledApplications",
    "android.content.pm.PackageManager.queryIntentActivities",
    "android.app.ActivityManager.getRunningAppProcesses",
    "android.content.ClipboardManager.getPrimaryClip",
    "android.content.ClipboardManager.hasPrimaryClip",
    "android.accounts.AccountManager.getAccounts",
    "android.hardware.SensorManager.getSensorList",
    "android.hardware.SensorManager.getDefaultSensor",
    "android.hardware.SensorManager.registerListener",
    "android.hardware.Camera.open",
    "android.media.AudioRecord.startRecording",
    "android.media.MediaRecorder.start",
]


def test_catalogue_covers_the_simulated_devices_privacy_apis(catalog: Catalog) -> None:
    apis = {e.api for e in catalog.entries}
    assert [a for a in SIM_PRIVACY_APIS if a not in apis] == []


def test_content_resolver_dispatch_table(catalog: Catalog) -> None:
    (query,) = [e for e in catalog.entries if e.id == "contentResolver.query"]
    assert query.when is not None and query.when.match == "uri_authority"
    table = query.when.table
    assert table["com.android.contacts"] == Category.contacts
    assert table["call_log"] == Category.call_log
    assert table["sms"] == table["mms-sms"] == Category.sms
    assert table["com.android.calendar"] == Category.calendar
    assert table["media"] is None
    assert query.categories() == [
        Category.contacts,
        Category.call_log,
        Category.sms,
        Category.calendar,
    ]


def test_bad_entries_are_reported_with_file_entry_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text(
        "schema: 1\nentries:\n"
        "  - {id: a.b, class: x.Y, method: m, category: not_a_category,"
        " description_en: e, description_zh: z}\n"
    )
    with pytest.raises(ConfigError) as info:
        load_catalog(bad)
    text = str(info.value)
    assert str(bad) in text and "entry 'a.b' category" in text
    dupes = tmp_path / "dupes.yaml"
    entry = (
        "  - {id: a.b, class: x.Y, method: m, category: serial,"
        " description_en: e, description_zh: z}\n"
    )
    dupes.write_text("schema: 1\nentries:\n" + entry + entry)
    with pytest.raises(ConfigError, match="duplicate entry ids: a.b"):
        load_catalog(dupes)
    (tmp_path / "broken.yaml").write_text("entries: [")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_catalog(tmp_path / "broken.yaml")


def test_overload_types_must_be_qualified() -> None:
    with pytest.raises(ValueError, match="fully qualified"):
        CatalogEntry.model_validate(
            {
                "id": "x",
                "class": "a.B",
                "method": "m",
                "overloads": [["String"]],
                "category": "serial",
                "description_en": "",
                "description_zh": "",
            }
        )


def _ts_interface(name: str, text: str) -> set[str]:
    body = re.search(rf"export interface {name} \{{(.*?)\n\}}", text, re.S)
    assert body is not None, f"interface {name} not found in {CATALOG_TS}"
    return set(re.findall(r"^\s+(\w+)\??:", body.group(1), re.M))


def test_typescript_types_match_the_pydantic_model() -> None:
    text = CATALOG_TS.read_text()
    aliases = {f.alias or n for n, f in CatalogEntry.model_fields.items()}
    assert _ts_interface("CatalogEntry", text) == aliases
    assert _ts_interface("When", text) == set(When.model_fields)
    assert _ts_interface("Catalog", text) == {f.alias or n for n, f in Catalog.model_fields.items()}
    union = re.search(r"export type Category =(.*?);", text, re.S)
    assert union is not None
    assert set(re.findall(r'"(\w+)"', union.group(1))) == {c.value for c in Category}
    match = re.search(r'match: ("[^;]+");', text)
    assert match is not None
    assert set(re.findall(r'"(\w+)"', match.group(1))) == {"uri_authority", "path", "equals"}

"""`inspect_target` on real APKs built from tests/apk/projects, and on hostile ones."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from harness.apk.inspect import inspect_target
from harness.apk.model import ApkError, StaticProfile

from . import hostile
from .conftest import apksigner_sha256


@pytest.fixture(scope="module")
def shop(shop_apk: Path) -> StaticProfile:
    return inspect_target(shop_apk)


def test_identity_fields_are_exact(shop: StaticProfile, shop_apk: Path) -> None:
    assert (shop.kind, shop.package) == ("apk", "com.example.shop")
    assert (shop.version_name, shop.version_code) == ("2.3.1", 42)
    assert (shop.min_sdk, shop.target_sdk) == (24, 33)
    assert shop.sha256 == hashlib.sha256(shop_apk.read_bytes()).hexdigest()
    assert shop.size == shop_apk.stat().st_size
    assert shop.signers == [apksigner_sha256(shop_apk)]
    assert "v2" in shop.signature_schemes


def test_permissions_mark_the_dangerous_ones(shop: StaticProfile) -> None:
    marked = {p.name.rsplit(".", 1)[1]: (p.dangerous, p.group) for p in shop.permissions}
    assert marked == {
        "INTERNET": (False, ""),
        "READ_PHONE_STATE": (True, "phone"),
        "ACCESS_FINE_LOCATION": (True, "location"),
        "RECEIVE_BOOT_COMPLETED": (False, ""),
    }


def test_components_processes_and_exported(shop: StaticProfile) -> None:
    by_name = {c.name: c for c in shop.components}
    assert by_name["com.qq.e.comm.DownloadService"].process == "com.example.shop:ads"
    assert by_name["cn.jpush.android.service.PushService"].process == "com.example.shop:pushcore"
    assert by_name["com.example.shop.SettingsActivity"].process == "com.example.shop"
    assert by_name["com.umeng.analytics.UmengProvider"].kind == "provider"
    assert shop.processes == [
        "com.example.shop",
        "com.example.shop:ads",
        "com.example.shop:pushcore",
    ]
    assert {c.name for c in shop.exported} == {
        "com.example.shop.MainActivity",
        "cn.jpush.android.service.PushService",
    }


def test_self_start_entry_points(shop: StaticProfile) -> None:
    got = {(s.component, s.trigger, tuple(s.actions)) for s in shop.self_start}
    assert got == {
        ("com.example.shop.BootReceiver", "boot", ("android.intent.action.BOOT_COMPLETED",)),
        (
            "cn.jpush.android.service.PushReceiver",
            "system_event",
            ("android.net.conn.CONNECTIVITY_CHANGE",),
        ),
        (
            "cn.jpush.android.service.PushService",
            "other_app",
            ("cn.jpush.android.intent.DaemonService",),
        ),
    }


def test_sdks_from_both_dex_files_with_matching_classes(shop: StaticProfile) -> None:
    assert shop.dex_files == ["classes.dex", "classes2.dex"]
    assert shop.class_count == 15
    sdks = {s.name: s for s in shop.sdks}
    assert set(sdks) == {"Tencent GDT Ads (优量汇)", "JPush", "Umeng Analytics"}
    assert sdks["Tencent GDT Ads (优量汇)"].classes == [
        "com.qq.e.comm.DownloadService",
        "com.qq.e.comm.managers.GDTAdSdk",
        "com.qq.e.comm.managers.status.SDKStatus",
    ]
    assert sdks["Umeng Analytics"].prefixes == ["com.umeng.analytics", "com.umeng.commonsdk"]
    assert sdks["JPush"].class_count == 3
    assert shop.other_code == ["assets/plugin.dex"]


def test_split_folder_and_bundle_give_the_base_profile(
    shop: StaticProfile, split_folder: Path, apks_bundle: Path
) -> None:
    for path, kind in ((split_folder, "split_folder"), (apks_bundle, "bundle")):
        p = inspect_target(path)
        assert p.kind == kind and p.package == "com.example.shop"
        assert [f.split for f in p.files] == ["", "config.xxhdpi"]
        assert [s.name for s in p.sdks] == [s.name for s in shop.sdks]
        assert p.signers == shop.signers
    bundle = inspect_target(apks_bundle)
    assert bundle.sha256 == hashlib.sha256(apks_bundle.read_bytes()).hexdigest()


def test_lab_sdk_file_is_used(shop_apk: Path, tmp_path: Path) -> None:
    from harness.attribution import load_sdk_db

    lab = tmp_path / "lab.yaml"
    lab.write_text("schema: 1\nsdks:\n  - {name: Okio, vendor: Square, prefixes: [okio]}\n")
    names = [s.name for s in inspect_target(shop_apk, load_sdk_db(lab)).sdks]
    assert "Okio" in names


def _error(path: Path) -> str:
    with pytest.raises(ApkError) as err:
        inspect_target(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    return message


def test_hostile_apks_are_one_line_errors(
    tmp_path: Path, shop_apk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"  # a relative entry name would land here if anything extracted
    work.mkdir()
    monkeypatch.chdir(work)
    assert "zip bomb" in _error(hostile.zip_bomb(tmp_path / "bomb.apk"))
    assert "unsafe path" in _error(hostile.traversal(tmp_path / "traversal.apk"))
    assert "encrypted" in _error(hostile.encrypted(shop_apk, tmp_path / "enc.apk"))
    assert "truncated or damaged" in _error(hostile.truncated(shop_apk, tmp_path / "half.apk"))
    assert "not valid binary XML" in _error(hostile.garbage_manifest(tmp_path / "garbage.apk"))
    assert "not a well-formed dex" in _error(hostile.bad_dex(shop_apk, tmp_path / "dex.apk"))
    text = tmp_path / "notes.apk"
    text.write_text("hello")
    assert "not an APK" in _error(text)
    no_manifest = hostile.zip_with(tmp_path / "nomanifest.apk", {"classes.dex": b"dex\n"})
    assert "no AndroidManifest.xml" in _error(no_manifest)
    assert not (Path("/tmp") / "evil.so").exists()
    assert list(work.iterdir()) == []  # nothing extracted
    made = {"bomb.apk", "traversal.apk", "enc.apk", "half.apk", "garbage.apk", "dex.apk"}
    assert {p.name for p in tmp_path.iterdir()} == made | {"notes.apk", "nomanifest.apk", "cwd"}


def test_bad_members_in_a_bundle_name_the_member(tmp_path: Path) -> None:
    inner = hostile.garbage_manifest(tmp_path / "inner.apk").read_bytes()
    bundle = hostile.zip_with(tmp_path / "app.xapk", {"base.apk": inner, "manifest.json": b"{}"})
    assert "app.xapk!base.apk" in _error(bundle)


def test_simulated_app_folder_profile() -> None:
    p = inspect_target(Path("examples/apps/push-app"))
    assert (p.kind, p.package, p.version_code) == ("sim_folder", "com.example.pushapp", 7)
    assert p.processes == ["com.example.pushapp", "com.example.pushapp:push"]
    assert [s.name for s in p.sdks] == ["JPush"]
    assert "cn.jpush.android.service.PushService" in p.sdks[0].classes


def test_sim_folder_digest_equals_the_evidence_manifest_digest() -> None:
    from harness.apk.simapp import tree_sha256
    from harness.evidence.digest import tree_sha256 as evidence_tree_sha256

    folder = Path("examples/apps/ad-sdk-app")
    assert tree_sha256(folder) == evidence_tree_sha256(folder)

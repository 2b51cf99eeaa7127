"""AndroidManifest.xml parsing: the real format, relative names, processes, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.sim.manifest import parse_manifest
from harness.errors import InstallError, InstallFault

from .conftest import EXAMPLES

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
NS = 'xmlns:android="http://schemas.android.com/apk/res/android"'
LAUNCHER = (
    '<activity android:name=".Main"><intent-filter>'
    '<action android:name="android.intent.action.MAIN" />'
    '<category android:name="android.intent.category.LAUNCHER" />'
    "</intent-filter></activity>"
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "AndroidManifest.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_push_app_manifest() -> None:
    m = parse_manifest(EXAMPLES / "push-app" / "AndroidManifest.xml")
    assert m.package == "com.example.pushapp"
    assert (m.version_name, m.version_code) == ("3.0", 7)
    assert m.application == "com.example.pushapp.PushDemoApp"
    assert m.launcher == "com.example.pushapp.MainActivity"
    assert "android.permission.READ_PHONE_STATE" in m.permissions
    assert [(s.name, s.process) for s in m.services] == [
        ("cn.jpush.android.service.PushService", "com.example.pushapp:push")
    ]
    assert m.processes == ("com.example.pushapp", "com.example.pushapp:push")


def test_relative_and_bare_names(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEAD
        + f'<manifest {NS} package="a.b"><application android:name="App">'
        + LAUNCHER
        + '<service android:name=".S" /></application></manifest>',
    )
    m = parse_manifest(path)
    assert m.application == "a.b.App"
    assert m.launcher == "a.b.Main"
    assert m.services[0].name == "a.b.S" and m.services[0].process == "a.b"
    assert m.version_code is None


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + f'<manifest {NS} package="a.b">\n<application>\n</manifest>\n')
    with pytest.raises(InstallError) as err:
        parse_manifest(path)
    assert f"{path}:4:" in str(err.value)


@pytest.mark.parametrize(
    "body, needle",
    [
        (
            f"<manifest {NS}><application>{LAUNCHER}</application></manifest>",
            "no package attribute",
        ),
        (f'<manifest {NS} package="a.b"><application /></manifest>', "no launcher activity"),
        (
            f'<manifest {NS} package="nodots"><application>{LAUNCHER}</application></manifest>',
            "not a valid package name",
        ),
        (
            f'<manifest {NS} package="a.b" android:versionCode="x"><application>{LAUNCHER}'
            "</application></manifest>",
            "android:versionCode",
        ),
        (
            f'<manifest {NS} package="a.b"><application>{LAUNCHER}'
            '<service android:name=".S" android:process="bad name" /></application></manifest>',
            "android:process",
        ),
        ('<notmanifest package="a.b" />', "expected <manifest>"),
    ],
)
def test_invalid_manifest_fields(tmp_path: Path, body: str, needle: str) -> None:
    path = write(tmp_path, HEAD + body)
    with pytest.raises(InstallError) as err:
        parse_manifest(path)
    assert needle in str(err.value) and str(path) in str(err.value)
    assert err.value.fault is InstallFault.app


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(InstallError, match="no AndroidManifest.xml"):
        parse_manifest(tmp_path / "AndroidManifest.xml")


def test_a_manifest_with_an_entity_bomb_is_refused_before_expansion(tmp_path: Path) -> None:
    bomb = (
        HEAD + '<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<manifest {NS} package="com.example.bomb"><application>{LAUNCHER}'
        "<meta-data android:name='x' android:value='&b;' /></application></manifest>"
    )
    with pytest.raises(InstallError, match="DTD or entities"):
        parse_manifest(write(tmp_path, bomb))


def test_receivers_and_their_actions(tmp_path: Path) -> None:
    receivers = (
        '<receiver android:name=".Boot"><intent-filter>'
        '<action android:name="android.intent.action.BOOT_COMPLETED" />'
        '<action android:name="android.intent.action.BOOT_COMPLETED" />'
        "</intent-filter><intent-filter>"
        '<action android:name="android.net.conn.CONNECTIVITY_CHANGE" />'
        '<action android:name="odd,action with spaces" />'
        "</intent-filter></receiver>"
        '<receiver android:name="com.sdk.Wake" />'
    )
    path = write(
        tmp_path,
        f'{HEAD}<manifest {NS} package="com.x"><application>{LAUNCHER}{receivers}'
        "</application></manifest>",
    )
    m = parse_manifest(path)
    # an action no broadcast of this device can name (a comma would split runtime.properties'
    # list) is left out; duplicates once
    assert [(r.name, r.actions) for r in m.receivers] == [
        (
            "com.x.Boot",
            ("android.intent.action.BOOT_COMPLETED", "android.net.conn.CONNECTIVITY_CHANGE"),
        ),
        ("com.sdk.Wake", ()),
    ]

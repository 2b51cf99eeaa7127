"""Processes, UI, foreground detection, evidence and device loss, through the adb double."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.device.base import Key
from harness.errors import DeviceError, DeviceLost

from .adb_double import FakeDevice, FakePackage


def test_processes_include_service_processes_only_of_the_package(emulator, open_device) -> None:
    main = emulator.spawn("com.example.app")
    push = emulator.spawn("com.example.app:push")
    emulator.spawn("com.example.app.helper")  # another app sharing the prefix
    emulator.spawn("com.example.apple")
    procs = open_device(emulator.serial).processes("com.example.app")
    assert [(p.pid, p.name) for p in procs] == [
        (main, "com.example.app"),
        (push, "com.example.app:push"),
    ]


def test_force_stop_ends_all_processes(emulator, open_device) -> None:
    emulator.spawn("com.example.app")
    emulator.spawn("com.example.app:push")
    dev = open_device(emulator.serial)
    dev.force_stop("com.example.app")
    assert dev.processes("com.example.app") == []


def test_dump_ui_returns_only_the_hierarchy(emulator, open_device) -> None:
    emulator.foreground = "com.example.app"
    xml = open_device(emulator.serial).dump_ui()
    assert xml.startswith("<?xml") and xml.endswith("</hierarchy>")
    assert 'text="ACCEPT"' in xml and "dumped to" not in xml


def test_dump_ui_retries_after_null_root_node(emulator, open_device) -> None:
    emulator.ui_dump_failures = 2
    xml = open_device(emulator.serial).dump_ui()
    assert "<node" in xml
    emulator.ui_dump_failures = 5  # never readable: an empty hierarchy, not an exception
    assert "<node" not in open_device(emulator.serial).dump_ui()


@pytest.mark.parametrize("fmt", ["android9", "android10", "android13", "android14"])
def test_foreground_package_in_each_dumpsys_format(emulator, open_device, fmt) -> None:
    emulator.foreground = "com.example.app"
    emulator.foreground_profile = fmt
    assert open_device(emulator.serial).foreground_package() == "com.example.app"


def test_foreground_falls_back_to_dumpsys_window(emulator, open_device) -> None:
    emulator.foreground = "com.example.app"
    emulator.foreground_profile = "android13"
    from . import samples

    saved = samples.DUMPSYS_ACTIVITY_RESUMED.pop("android13")
    try:
        assert open_device(emulator.serial).foreground_package() == "com.example.app"
        assert any(c.startswith("dumpsys window") for c in emulator.commands)
    finally:
        samples.DUMPSYS_ACTIVITY_RESUMED["android13"] = saved


def test_nothing_in_foreground(emulator, open_device) -> None:
    assert open_device(emulator.serial).foreground_package() is None


def test_tap_and_keys(emulator, open_device) -> None:
    dev = open_device(emulator.serial)
    dev.tap(810, 1860)
    dev.press(Key.HOME)
    dev.press(Key.BACK)
    assert emulator.inputs == ["tap 810 1860", "keyevent 3", "keyevent 4"]


def test_screenshot_and_logs_are_saved(emulator, open_device, tmp_path: Path) -> None:
    pid = emulator.spawn("com.example.app")
    emulator.spawn("com.example.app:push")
    dev = open_device(emulator.serial)
    shot = tmp_path / "ev" / "shot.png"
    assert dev.screenshot(shot) and shot.read_bytes().startswith(b"\x89PNG")
    log = tmp_path / "ev" / "app.log"
    assert dev.save_logs("com.example.app", log)
    text = log.read_text()
    assert f"line 0 of pid {pid}" in text and f"line 2 of pid {pid + 1}" in text
    assert not dev.save_logs("com.example.gone", tmp_path / "none.log")


def test_info_reads_getprop(phone, open_device) -> None:
    info = open_device(phone.serial).info()
    assert (info.android_version, info.api_level, info.abi) == ("13", 33, "arm64-v8a")
    assert info.model == "Pixel 6" and info.rooted


def test_device_going_offline_mid_run_raises_device_lost(emulator, open_device) -> None:
    emulator.add_package(FakePackage("com.example.app"))
    dev = open_device(emulator.serial)
    dev.installed_packages()
    emulator.offline_after = 1
    dev.tap(1, 1)  # the last command that gets through
    with pytest.raises(DeviceLost, match="emulator-5554"):
        dev.installed_packages()  # the link drops in the middle of this one
    with pytest.raises(DeviceLost, match="emulator-5554 is offline"):
        dev.force_stop("com.example.app")  # and now adb says offline


def test_device_unplugged_raises_device_lost(adb_server, emulator, open_device) -> None:
    dev = open_device(emulator.serial)
    del adb_server.devices[emulator.serial]
    with pytest.raises(DeviceLost, match="emulator-5554 not found"):
        dev.processes("com.example.app")


def test_shell_v1_devices_work_too(adb_server, open_device) -> None:
    old = FakeDevice("emulator-5562", profile="android10", root="adbd", features="cmd")
    adb_server.devices[old.serial] = old
    old.spawn("com.example.app")
    dev = open_device(old.serial)
    assert [p.name for p in dev.processes("com.example.app")] == ["com.example.app"]
    with pytest.raises(DeviceError):  # non-zero exit status survives the v1 protocol
        dev.clear_data("com.example.missing")

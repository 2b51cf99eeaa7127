"""frida-server lifecycle and root, through the adb double (everything short of Frida itself)."""

from __future__ import annotations

import pytest

from harness.device.adb.frida_server import binary_abi
from harness.errors import ConfigError, DeviceError

from .adb_double import FakeDevice
from .conftest import HOST_VERSION, fake_frida_server

SERVER = "/data/local/tmp/frida-server"


def test_emulator_gets_adb_root_and_a_started_server(emulator, open_device) -> None:
    dev = open_device(emulator.serial, root="adb-root", prepare=True)
    assert emulator.uid == 0 and dev.root().via == "adbd"
    assert emulator.modes[SERVER] == 0o755
    assert ("127.0.0.1", 27042) in emulator.listening
    assert any(name == "frida-server" for _, name in emulator.processes)
    token = dev.frida_server().token()  # the per-start token (tests/device_adb/test_frida_token)
    assert f"{SERVER} -D -l 127.0.0.1:27042 --token={token}" in emulator.commands


def test_magisk_phone_starts_server_with_su_c(phone, open_device) -> None:
    dev = open_device(phone.serial, root="su", prepare=True)
    assert dev.root().via == "su -c" and phone.uid == 2000
    token = dev.frida_server().token()
    assert f"su -c '{SERVER} -D -l 127.0.0.1:27042 --token={token}'" in phone.commands
    assert ("127.0.0.1", 27042) in phone.listening


def test_aosp_su_uses_su_0(adb_server, open_device) -> None:
    dev_ = FakeDevice("emulator-5570", profile="android14", root="su-0")
    adb_server.devices[dev_.serial] = dev_
    dev = open_device(dev_.serial, root="su", prepare=True)
    assert dev.root().via == "su 0"
    assert any(c.startswith("su 0 sh -c ") and "-D -l" in c for c in dev_.commands)


def test_running_server_of_right_version_is_left_alone(emulator, open_device, binaries) -> None:
    open_device(emulator.serial, prepare=True)
    pushes = [c for c in emulator.commands if c.startswith("chmod")]
    pid_before = [p for p, n in emulator.processes if n == "frida-server"]
    open_device(emulator.serial, prepare=True)
    assert [c for c in emulator.commands if c.startswith("chmod")] == pushes
    assert [p for p, n in emulator.processes if n == "frida-server"] == pid_before


def test_old_server_on_device_is_replaced(emulator, open_device, tmp_path) -> None:
    old = fake_frida_server(tmp_path / "old", "x86_64", "16.5.9")
    emulator.files[SERVER] = old.read_bytes()
    emulator.modes[SERVER] = 0o755
    dev = open_device(emulator.serial, prepare=True)
    assert dev.frida_server().installed_version() == HOST_VERSION


def test_server_dying_is_restarted(emulator, open_device) -> None:
    dev = open_device(emulator.serial, prepare=True)
    server = dev.frida_server()
    server.stop()
    assert not server.status().listening
    server.ensure_running()
    assert server.status().listening and server.status().installed_version == HOST_VERSION


def test_abi_mismatch_x86_64_emulator_with_only_arm64_server(emulator, open_device) -> None:
    with pytest.raises(DeviceError) as err:
        open_device(emulator.serial, prepare=True, binaries_for=("arm64-v8a",))
    assert "x86_64" in err.value.message and "arm64-v8a" in err.value.message
    assert "ABI mismatch" in err.value.message
    assert "android-x86_64" in (err.value.hint or "")


def test_arm64_binary_filed_under_x86_64_is_caught(
    emulator, open_device, make_inventory, binaries, tmp_path
) -> None:
    wrong = fake_frida_server(tmp_path / "frida-server-arm64", "arm64-v8a")
    binaries["x86_64"] = wrong
    assert binary_abi(wrong) == "arm64-v8a"
    with pytest.raises(DeviceError, match="built for arm64-v8a, device emulator-5554 is x86_64"):
        open_device(emulator.serial, prepare=True)


def test_missing_binary_for_abi(emulator, open_device) -> None:
    with pytest.raises(DeviceError, match="no frida-server binary configured"):
        open_device(emulator.serial, prepare=True, binaries_for=())


def test_binary_still_xz_compressed(emulator, open_device, binaries) -> None:
    binaries["x86_64"].write_bytes(b"\xfd7zXZ\x00" + b"\x00" * 64)
    with pytest.raises(DeviceError, match="xz-compressed") as err:
        open_device(emulator.serial, prepare=True)
    assert "unxz" in (err.value.hint or "")


def test_version_mismatch_names_both_versions(emulator, open_device, binaries) -> None:
    fake_frida_server(binaries["x86_64"], "x86_64", "16.7.19")
    with pytest.raises(DeviceError) as err:
        open_device(emulator.serial, prepare=True)
    assert "16.7.19" in err.value.message and HOST_VERSION in err.value.message


def test_server_that_exits_at_start(emulator, open_device, binaries) -> None:
    emulator.frida_dies_on_start = True
    extra = (
        f"    frida_server:\n      start_timeout_s: 0.3\n"
        f"      binaries: {{x86_64: {binaries['x86_64']}}}\n"
    )
    with pytest.raises(DeviceError, match="exited right after start") as err:
        open_device(emulator.serial, prepare=True, extra=extra)
    assert "setenforce 0" in (err.value.hint or "")


def test_unrooted_phone_cannot_run_frida_server(adb_server, open_device) -> None:
    plain = FakeDevice("R58M123ABC", profile="android13", root="none")
    adb_server.devices[plain.serial] = plain
    with pytest.raises(DeviceError, match="no root access"):
        open_device(plain.serial, root="auto", prepare=True)
    with pytest.raises(DeviceError, match="adb root. refused"):
        open_device(plain.serial, root="adb-root", prepare=True)
    with pytest.raises(DeviceError, match="su did not give root"):
        open_device(plain.serial, root="su", prepare=True)


def test_su_denied_by_magisk(adb_server, open_device) -> None:
    denied = FakeDevice("R58M999XYZ", profile="android13", root="su-denied")
    adb_server.devices[denied.serial] = denied
    with pytest.raises(DeviceError, match="Permission denied") as err:
        open_device(denied.serial, root="su", prepare=True)
    assert "Magisk" in (err.value.hint or "")


def test_network_listen_is_refused_unless_direct(emulator, open_device) -> None:
    extra = "    frida_server: {listen: '0.0.0.0:27042'}\n"
    with pytest.raises(ConfigError, match="expose frida-server on the network"):
        open_device(emulator.serial, extra=extra)


def test_direct_transport_listens_where_configured(emulator, open_device, binaries) -> None:
    extra = (
        f"    frida_server:\n      listen: '0.0.0.0:27050'\n      transport: direct\n"
        f"      binaries: {{x86_64: {binaries['x86_64']}}}\n"
    )
    open_device(emulator.serial, extra=extra, prepare=True)
    assert ("0.0.0.0", 27050) in emulator.listening


def test_unauthorized_and_offline_devices_fail_to_open(adb_server, open_device) -> None:
    adb_server.devices["emulator-5580"] = FakeDevice("emulator-5580", state="unauthorized")
    adb_server.devices["emulator-5582"] = FakeDevice("emulator-5582", state="offline")
    with pytest.raises(DeviceError, match="emulator-5580 is unauthorized") as err:
        open_device("emulator-5580")
    assert "Allow USB debugging" in (err.value.hint or "")
    with pytest.raises(DeviceError, match="emulator-5582 is offline"):
        open_device("emulator-5582")


def test_forward_is_set_up_and_removed(emulator, open_device, adb_server) -> None:
    dev = open_device(emulator.serial, prepare=True)
    link = dev._frida_link()
    address = link.forward()
    port = int(address.rsplit(":", 1)[1])
    assert (emulator.serial, f"tcp:{port}", "tcp:27042") in adb_server.forwards
    dev.close()
    assert adb_server.forwards == []


def test_dead_server_is_restarted_once_then_the_run_fails(emulator, open_device) -> None:
    dev = open_device(emulator.serial, prepare=True)
    dev.frida_server().stop()
    dev._recover_server()  # what frida_device() does when Frida reports the server lost
    assert dev.frida_server().status().listening
    dev.frida_server().stop()
    with pytest.raises(DeviceError, match="died again after being restarted once"):
        dev._recover_server()


def test_health_check_restarts_a_stopped_server_and_notices_a_lost_device(
    emulator, open_device
) -> None:
    dev = open_device(emulator.serial, prepare=True)
    dev.health_check()  # healthy: nothing to do
    dev.frida_server().stop()  # e.g. killed by the OS between two apps
    dev.health_check()
    assert dev.frida_server().status().listening
    emulator.state = "offline"
    with pytest.raises(DeviceError, match="emulator-5554 is offline"):
        dev.health_check()

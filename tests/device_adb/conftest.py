"""Fixtures: an adb server double on a free port, devices in scripted states, fake binaries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import frida
import pytest

from harness.device.adb import AdbDevice
from harness.device.inventory import Inventory, parse_inventory

from .adb_double import AdbServerDouble, FakeDevice, FakePackage

HOST_VERSION = frida.__version__
ELF_MACHINE = {"x86": 0x03, "armeabi-v7a": 0x28, "x86_64": 0x3E, "arm64-v8a": 0xB7}


def fake_frida_server(path: Path, abi: str, version: str = HOST_VERSION) -> Path:
    """An ELF header for `abi` and a version marker the double's device reads when run."""
    head = b"\x7fELF\x02\x01\x01" + b"\x00" * 11 + ELF_MACHINE[abi].to_bytes(2, "little")
    path.write_bytes(head + b"\x00" * 44 + f"FRIDA_SERVER_VERSION={version}\x00".encode())
    return path


def fake_apk(
    path: Path, package: str, version: str = "2.3.1", code: int = 42, perms: tuple[str, ...] = ()
) -> Path:
    body = f"PACKAGE={package};VERSION={version};CODE={code};PERMS={','.join(perms)}"
    path.write_bytes(b"PK\x03\x04" + body.encode() + b"\x00" * 32)
    return path


@pytest.fixture(autouse=True)
def _no_real_adb(monkeypatch: pytest.MonkeyPatch) -> None:
    # adbutils starts a real adb server when it cannot connect; never let tests do that
    monkeypatch.setenv("ADBUTILS_ADB_PATH", "/bin/false")
    monkeypatch.delenv("HARNESS_DEVICES", raising=False)


@pytest.fixture
def adb_server() -> Iterator[AdbServerDouble]:
    with AdbServerDouble([]) as server:
        yield server


@pytest.fixture
def binaries(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "frida"
    folder.mkdir()
    return {
        "x86_64": fake_frida_server(
            folder / f"frida-server-{HOST_VERSION}-android-x86_64", "x86_64"
        ),
        "arm64-v8a": fake_frida_server(
            folder / f"frida-server-{HOST_VERSION}-android-arm64", "arm64-v8a"
        ),
    }


InventoryFactory = Callable[..., Inventory]


@pytest.fixture
def make_inventory(
    adb_server: AdbServerDouble, tmp_path: Path, binaries: dict[str, Path]
) -> InventoryFactory:
    """An inventory pointing at the double; `devices_yaml` is the text of the devices list."""

    def make(
        devices_yaml: str = "",
        *,
        binaries_for: tuple[str, ...] = ("x86_64", "arm64-v8a"),
    ) -> Inventory:
        lines = [
            f"adb: {{host: 127.0.0.1, port: {adb_server.port}}}",
            "frida_server:",
            "  binaries:" + ("" if binaries_for else " {}"),
        ]
        lines += [f"    {abi}: {binaries[abi]}" for abi in binaries_for]
        lines += ["devices:" + ("" if devices_yaml.strip() else " []")]
        text = "\n".join(lines) + "\n" + devices_yaml
        path = tmp_path / "devices.yaml"
        path.write_text(text)
        return parse_inventory(text, path)

    return make


@pytest.fixture
def emulator(adb_server: AdbServerDouble) -> FakeDevice:
    """An x86_64 Android 14 emulator where `adb root` works."""
    dev = FakeDevice("emulator-5554", profile="android14", root="adbd")
    adb_server.devices[dev.serial] = dev
    return dev


@pytest.fixture
def phone(adb_server: AdbServerDouble) -> FakeDevice:
    """An arm64 Android 13 phone rooted with Magisk (`su -c`)."""
    dev = FakeDevice("2A131FDH2000K1", profile="android13", root="su-c")
    adb_server.devices[dev.serial] = dev
    return dev


@pytest.fixture
def open_device(make_inventory: InventoryFactory) -> Callable[..., AdbDevice]:
    def open_(
        serial: str, *, root: str = "auto", prepare: bool = False, extra: str = "", **kw: object
    ) -> AdbDevice:
        inv = make_inventory(f"  - serial: {serial}\n    root: {root}\n{extra}", **kw)
        return AdbDevice.open(serial, inv, prepare=prepare)

    return open_


__all__ = ["FakeDevice", "FakePackage", "fake_apk", "fake_frida_server", "HOST_VERSION"]

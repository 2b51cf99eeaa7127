"""Open a device by name: `sim`, an inventory entry (name or serial), or any connected adb serial.

Everything device-specific is imported lazily, so opening `sim` never touches adb and listing
adb devices never builds the simulated framework.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from harness.device.base import Device
from harness.device.inventory import load_inventory, resolve_inventory_path

SIM_NAME = "sim"


class DeviceStatus(BaseModel):
    """One row of `harness devices`: what is configured, what is connected, what is ready."""

    name: str
    serial: str | None = None
    kind: str
    configured: bool  # listed in the inventory (sim counts as always configured)
    state: str  # device | offline | unauthorized | absent | ready (sim) | unavailable (sim)
    model: str = ""
    android_version: str = ""
    api_level: int = 0
    abi: str = ""
    root: str = ""  # configured / detected method: adb-root | su | none
    root_ok: bool | None = None
    selinux: str = ""
    frida_server: Literal["running", "stopped", "missing", "unknown", "n/a"] = "unknown"
    server_version: str | None = None
    host_frida_version: str = ""
    version_match: bool | None = None
    problems: list[str] = Field(default_factory=list)


def open_device(name: str, inventory_path: Path | None = None) -> Device:
    """The device called `name`, connected and ready for `harness run`.

    For adb devices this checks the device is online, obtains root, and makes sure a
    frida-server of the host's Frida version runs (pushing it from the inventory's binaries).
    Raises ConfigError (bad inventory / unknown name) or DeviceError.
    """
    if name == SIM_NAME:
        from harness.device.sim import SimDevice

        return SimDevice()
    inventory = load_inventory(resolve_inventory_path(inventory_path))
    from harness.device.adb import AdbDevice

    return AdbDevice.open(name, inventory)


def list_devices(inventory_path: Path | None = None) -> list[DeviceStatus]:
    """sim, every inventory entry, and every connected device not in the inventory."""
    import frida

    from harness.device.adb.status import adb_statuses

    inventory = load_inventory(resolve_inventory_path(inventory_path))
    statuses = [_sim_status(frida.__version__)]
    statuses.extend(adb_statuses(inventory))
    return statuses


def _sim_status(host_version: str) -> DeviceStatus:
    problems: list[str] = []
    try:
        from harness.device.sim.jdk import find_jdk

        find_jdk()
        state = "ready"
    except ImportError:
        state, problems = "unavailable", ["the simulated device is not part of this build"]
    except Exception as exc:  # find_jdk explains what is missing; keep listing the rest
        state, problems = "unavailable", [str(exc)]
    return DeviceStatus(
        name=SIM_NAME,
        kind="sim",
        configured=True,
        state=state,
        frida_server="n/a",
        host_frida_version=host_version,
        problems=problems,
    )

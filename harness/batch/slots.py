"""The device pool: one slot per device that can run one app at a time.

The simulated device counts as N slots, each a separate simulated device with its own home
folder (like separate emulators). adb devices come from the inventory (devices.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.device.base import Device
from harness.errors import ConfigError, DeviceError

Opener = Callable[[], Device]


@dataclass(frozen=True)
class DeviceSlot:
    """One device of the pool; between apps the scheduler asks it `Device.health_check()`."""

    name: str
    open: Opener
    kind: str = "sim"  # sim | adb | test


def sim_slots(count: int, rundir: Path) -> list[DeviceSlot]:
    slots = []
    for i in range(1, count + 1):
        home = rundir / "sim" / f"slot-{i}"

        def opener(home: Path = home) -> Device:
            from harness.device.sim import SimDevice

            home.mkdir(parents=True, exist_ok=True)
            device = SimDevice(home=home)
            device.reboot()  # apps left running by a controller that was killed (then --resume)
            return device

        slots.append(DeviceSlot(name=f"sim-{i}", open=opener, kind="sim"))
    return slots


def inventory_slots(inventory_path: Path) -> list[DeviceSlot]:
    """Every adb device of the inventory (its `sim` entry, if any, is covered by --sim-slots)."""
    from harness.device.inventory import load_inventory
    from harness.device.registry import open_device

    inventory = load_inventory(inventory_path)
    slots = []
    for entry in inventory.devices:
        if entry.kind == "sim":
            continue
        name = entry.key

        def opener(name: str = name) -> Device:
            return open_device(name, inventory_path)

        slots.append(DeviceSlot(name=name, open=opener, kind="adb"))
    return slots


def build_pool(rundir: Path, inventory: Path | None, sim_count: int) -> list[DeviceSlot]:
    slots = inventory_slots(inventory) if inventory is not None else []
    slots.extend(sim_slots(sim_count, rundir))
    if not slots:
        where = f"{inventory} lists no adb devices" if inventory else "no --devices given"
        raise ConfigError(f"no devices to run on: {where} and --sim-slots is 0")
    return slots


def close_quietly(device: Device | None) -> None:
    if device is None:
        return
    try:
        device.close()
    except (DeviceError, OSError):
        pass  # it is being dropped because it misbehaved; nothing more to learn from it

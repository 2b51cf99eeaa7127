"""The device pool: one slot per device that can run one app at a time.

The simulated device counts as N slots, each a separate simulated device with its own home
folder (like separate emulators). adb devices come from the inventory (devices.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.batch.routing import SIM_TAGS, entry_tags
from harness.device.base import Device
from harness.errors import ConfigError, DeviceError

Opener = Callable[[], Device]


@dataclass(frozen=True)
class DeviceSlot:
    """One device of the pool; between apps the scheduler asks it `Device.health_check()`."""

    name: str
    open: Opener
    kind: str = "sim"  # sim | adb | test
    tags: frozenset[str] = frozenset()  # what it is, for device-aware routing (routing.py)


def sim_slots(count: int, rundir: Path) -> list[DeviceSlot]:
    return [sim_device_slot(f"sim-{i}", rundir / "sim" / f"slot-{i}") for i in range(1, count + 1)]


def sim_device_slot(name: str, home: Path) -> DeviceSlot:
    """A simulated device with its own home folder (rebooted when opened)."""

    def opener() -> Device:
        from harness.device.sim import SimDevice

        home.mkdir(parents=True, exist_ok=True)
        device = SimDevice(home=home)
        device.reboot()  # apps left running by a controller that was killed (then --resume)
        return device

    return DeviceSlot(name=name, open=opener, kind="sim", tags=SIM_TAGS)


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

        slots.append(DeviceSlot(name=name, open=opener, kind="adb", tags=entry_tags(entry)))
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

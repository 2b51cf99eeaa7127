"""How `harness worker` tells one of its device processes which device it drives (JSON in env)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from harness.batch.slots import DeviceSlot

SLOT_ENV = "HARNESS_WORKER_SLOT"


class SlotSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str
    slot: str  # sim-1, or the inventory name of an adb device
    kind: str  # sim | adb
    tags: tuple[str, ...]
    home: str | None = None  # sim: the device's home folder
    inventory: str | None = None  # adb: devices.yaml
    broker: str
    heartbeat_s: float
    max_time_limit: float
    visibility_timeout: float | None = None  # None: from max_time_limit
    store: str | None = None  # --store of the worker: replaces the store URL of the messages
    artifacts: str | None = None  # --artifacts of the worker: where the campaign's root is here

    @property
    def device(self) -> str:
        return f"{self.host}/{self.slot}"

    @property
    def node(self) -> str:
        return f"{self.slot}@{self.host}"

    def open_slot(self) -> DeviceSlot:
        if self.kind == "sim":
            from harness.batch.slots import sim_device_slot

            assert self.home is not None
            return sim_device_slot(self.slot, Path(self.home))
        from harness.batch.slots import inventory_slots

        assert self.inventory is not None
        for slot in inventory_slots(Path(self.inventory)):
            if slot.name == self.slot:
                return slot
        raise LookupError(self.slot)

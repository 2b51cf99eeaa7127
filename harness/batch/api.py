"""Start or resume a batch in a folder: the library calls behind `harness batch`."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from harness.batch.events import Listener
from harness.batch.runner import RunAppJob
from harness.batch.scheduler import BatchOutcome, JobFunction, run_batch
from harness.batch.settings import BatchSettings
from harness.batch.slots import DeviceSlot, build_pool
from harness.batch.store import STORE_NAME, Store
from harness.batch.targets import expand_targets
from harness.errors import ConfigError


@dataclass
class PoolSpec:
    """Which devices a batch runs on; kept in the store so --resume can reuse it."""

    inventory: str | None = None
    sim_slots: int = 0

    def slots(self, rundir: Path) -> list[DeviceSlot]:
        inventory = Path(self.inventory) if self.inventory else None
        return build_pool(rundir, inventory, self.sim_slots)


def create_batch(
    rundir: Path, target_args: list[str], settings: BatchSettings, pool: PoolSpec
) -> Store:
    """A new store in `rundir` with every target queued; refuses a folder holding a batch."""
    if (rundir / STORE_NAME).exists():
        raise ConfigError(
            f"{rundir}: already holds a batch ({STORE_NAME})",
            hint=f"continue it with `harness batch --resume {rundir}`, or choose another --out",
        )
    targets = expand_targets(target_args)
    store = Store.in_folder(rundir)
    store.set_meta("settings", settings.model_dump(mode="json"))
    store.set_meta("pool", {"inventory": pool.inventory, "sim_slots": pool.sim_slots})
    store.add_targets(targets)
    return store


def open_batch(rundir: Path) -> tuple[Store, BatchSettings, PoolSpec, int]:
    """An existing batch, with runs a dead batch left running re-queued (returns their count)."""
    store = Store.open_existing(rundir)
    raw = store.get_meta("settings")
    pool = store.get_meta("pool") or {}
    if raw is None:
        raise ConfigError(f"{rundir / STORE_NAME}: the batch settings are missing")
    settings = BatchSettings.model_validate(raw)
    recovered = store.recover()
    return (
        store,
        settings,
        PoolSpec(pool.get("inventory"), int(pool.get("sim_slots", 0))),
        recovered,
    )


def execute(
    store: Store,
    rundir: Path,
    settings: BatchSettings,
    slots: list[DeviceSlot],
    *,
    job_fn: JobFunction | None = None,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
    inventory: Path | None = None,
) -> BatchOutcome:
    job_fn = job_fn or RunAppJob(rundir=rundir, settings=settings, inventory=inventory)
    for slot in slots:
        store.set_device(slot.name, "ok")  # a resumed batch gives quarantined devices a new chance
    return run_batch(store, slots, job_fn, settings, listener=listener, stop=stop)

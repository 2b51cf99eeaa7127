"""Start or resume a batch in a folder: the library calls behind `harness batch`.

`run_batch_folder()` is the whole command minus the terminal: it checks what the caller asked
for, creates or reopens the store under the folder's lock, runs the apps and returns the counts
the caller reports. The caller supplies the display (a `Listener` around the run).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from harness.batch.campaign import Campaign, holds_batch, read_campaign, write_campaign
from harness.batch.events import Listener
from harness.batch.lock import BatchLock
from harness.batch.runner import RunAppJob
from harness.batch.scheduler import BatchOutcome, JobFunction, run_batch
from harness.batch.settings import BatchSettings
from harness.batch.slots import DeviceSlot, build_pool
from harness.batch.store import STORE_NAME, Store
from harness.batch.targets import expand_targets
from harness.errors import ConfigError, ExitCode, HarnessError


@dataclass
class PoolSpec:
    """Which devices a batch runs on; kept in the store so --resume can reuse it."""

    inventory: str | None = None
    sim_slots: int = 0

    def slots(self, rundir: Path) -> list[DeviceSlot]:
        inventory = Path(self.inventory) if self.inventory else None
        return build_pool(rundir, inventory, self.sim_slots)


def create_batch(
    rundir: Path,
    target_args: list[str],
    settings: BatchSettings,
    pool: PoolSpec,
    where: Campaign | None = None,
    requires: tuple[str, ...] = (),
) -> Store:
    """A new store (RUNDIR/harness.db, or the database `where.store` names) with every target
    queued; refuses a folder holding a batch, and a database holding another campaign."""
    where = where or Campaign()
    if holds_batch(rundir):
        raise ConfigError(
            f"{rundir}: already holds a batch ({STORE_NAME})",
            hint=f"continue it with `harness batch --resume {rundir}`, or choose another --out",
        )
    targets = expand_targets(target_args)
    rundir.mkdir(parents=True, exist_ok=True)
    store = Store(where.store_spec(rundir))
    if store.get_meta("settings") is not None:
        store.close()
        raise ConfigError(
            f"--store {store.location}: already holds another campaign",
            hint="give each campaign a database of its own (createdb)",
        )
    write_campaign(rundir, where)
    store.set_meta("settings", settings.model_dump(mode="json"))
    store.set_meta("pool", {"inventory": pool.inventory, "sim_slots": pool.sim_slots})
    store.set_meta("artifacts", str(where.artifact_root(rundir).resolve()))
    store.add_targets(targets, requires)
    return store


def open_batch(
    rundir: Path, *, distributed: bool = False
) -> tuple[Store, BatchSettings, PoolSpec, int]:
    """An existing batch, with runs a dead batch left running re-queued (returns their count).

    Distributed (`--broker`), runs still running belong to live workers and are left to them
    (the coordinator requeues those of dead workers); apps no device could run are queued again.
    """
    store = Store(read_campaign(rundir).store_spec(rundir))
    raw = store.get_meta("settings")
    pool = store.get_meta("pool") or {}
    if raw is None:
        store.close()
        raise ConfigError(f"{store.location}: the batch settings are missing")
    settings = BatchSettings.model_validate(raw)
    if distributed:
        from harness.batch.distributed.coordinator import UNROUTABLE

        store.retry_unroutable(UNROUTABLE)
        recovered = 0
    else:
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
    if settings.sign_key is not None:  # a bad key stops the batch once, not every app
        from harness.evidence.signing import load_private_key

        load_private_key(settings.sign_key)
    job_fn = job_fn or RunAppJob(rundir=rundir, settings=settings, inventory=inventory)
    for slot in slots:
        store.set_device(slot.name, "ok")  # a resumed batch gives quarantined devices a new chance
    return run_batch(store, slots, job_fn, settings, listener=listener, stop=stop)


@dataclass(frozen=True)
class BatchStart:
    """What a batch is about to do, for the caller's display."""

    rundir: Path
    total: int
    states: dict[str, int]  # app state -> count, before this invocation
    devices: list[str]
    mean_seconds: float | None  # of the runs finished so far, for an estimate
    recovered: int  # runs a dead batch left running, queued again


@dataclass(frozen=True)
class BatchRun:
    """What one `harness batch` invocation did."""

    rundir: Path
    total: int
    final: dict[str, int]  # app state -> count, at the end
    outcome: BatchOutcome

    @property
    def exit_code(self) -> int:
        if self.outcome.interrupted:
            return 130
        if self.outcome.pending or self.final.get("failed_infra"):
            return ExitCode.DEVICE
        return ExitCode.OK


Display = Callable[[BatchStart], AbstractContextManager[Listener]]


def batch_folder(targets: list[str], out: Path | None, resume: Path | None) -> Path:
    """The folder a new (`targets`, `out`) or resumed (`resume`) batch works in."""
    if resume is not None:
        if targets:
            raise ConfigError("--resume continues an existing batch: give no TARGETS with it")
        if not holds_batch(resume):
            raise ConfigError(f"{resume}: no batch store here (expected {STORE_NAME})")
        return resume
    if not targets:
        raise ConfigError("no TARGETS given (APKs, app folders, or a package list)")
    if out is None:
        raise ConfigError("--out RUNDIR is required for a new batch")
    return out


def run_batch_folder(
    rundir: Path,
    *,
    targets: list[str],
    settings: BatchSettings | None,
    inventory: Path | None,
    sim_slots: int | None,
    display: Display,
    stop: threading.Event | None = None,
    where: Campaign | None = None,
    requires: tuple[str, ...] = (),
    follow: FollowOptions | None = None,
) -> BatchRun:
    """Run a new batch (`targets` and `settings` given) or resume the one in `rundir` (`settings`
    None: the stored settings are used; `inventory` and `sim_slots` replace the stored pool's).

    `where`: the store, artifact root and broker of a new batch (default: all in RUNDIR, no
    broker); with a broker, this process publishes the jobs and follows them (`harness worker`
    processes run them). `follow`: the coordinator's windows; its broker replaces the stored one.

    A new batch that cannot start (no devices, a bad inventory) leaves no folder behind."""
    created = not rundir.exists()
    try:
        return _run_locked(
            rundir, targets, settings, inventory, sim_slots, display, stop, where, requires, follow
        )
    except HarnessError:
        if created and not holds_batch(rundir):
            shutil.rmtree(rundir, ignore_errors=True)
        raise


@dataclass(frozen=True)
class FollowOptions:
    broker: str | None = None  # replaces the campaign's (e.g. on --resume)
    worker_timeout: float = 20.0
    route_grace: float = 30.0


def _run_locked(
    rundir: Path,
    targets: list[str],
    settings: BatchSettings | None,
    inventory: Path | None,
    sim_slots: int | None,
    display: Display,
    stop: threading.Event | None,
    where: Campaign | None,
    requires: tuple[str, ...],
    follow: FollowOptions | None,
) -> BatchRun:
    follow = follow or FollowOptions()
    with BatchLock(rundir):
        recovered = 0
        if settings is None:
            campaign = read_campaign(rundir)
            if follow.broker and follow.broker != campaign.broker:
                campaign = campaign.model_copy(update={"broker": follow.broker})
                write_campaign(rundir, campaign)
            store, settings, pool, recovered = open_batch(
                rundir, distributed=campaign.broker is not None
            )
            if inventory is not None:
                pool.inventory = str(inventory.resolve())
            if sim_slots is not None:
                pool.sim_slots = sim_slots
        else:
            campaign = where or Campaign()
            slots_wanted = sim_slots if sim_slots is not None else (0 if inventory else 1)
            pool = PoolSpec(str(inventory.resolve()) if inventory else None, slots_wanted)
            if campaign.broker is None:
                pool.slots(rundir)  # check the pool before creating anything
            else:
                _check_broker(campaign.broker)  # likewise the broker
            store = create_batch(rundir, targets, settings, pool, campaign, requires)
        try:
            states = store.app_states()
            total = sum(states.values())
            if campaign.broker is not None:
                outcome = _follow(store, rundir, campaign, settings, follow, display, stop, states)
            else:
                slots = pool.slots(rundir)
                start = BatchStart(
                    rundir,
                    total,
                    states,
                    [s.name for s in slots],
                    store.mean_run_seconds(),
                    recovered,
                )
                with display(start) as listener:
                    outcome = execute(
                        store,
                        rundir,
                        settings,
                        slots,
                        listener=listener,
                        stop=stop,
                        inventory=Path(pool.inventory) if pool.inventory else None,
                    )
            final = store.app_states()
        finally:
            store.close()
    return BatchRun(rundir, total, final, outcome)


def _check_broker(broker: str) -> None:
    from harness.batch.distributed.registry import Registry

    registry = Registry(broker)
    try:
        registry.check()
    finally:
        registry.close()


def _follow(
    store: Store,
    rundir: Path,
    campaign: Campaign,
    settings: BatchSettings,
    follow: FollowOptions,
    display: Display,
    stop: threading.Event | None,
    states: dict[str, int],
) -> BatchOutcome:
    from harness.batch.distributed.coordinator import Coordinator, FollowSettings

    assert campaign.broker is not None
    start = BatchStart(rundir, sum(states.values()), states, [], store.mean_run_seconds(), 0)
    with display(start) as listener:
        coordinator = Coordinator(
            store,
            settings,
            campaign.artifact_root(rundir).resolve(),
            FollowSettings(
                broker=campaign.broker,
                worker_timeout=follow.worker_timeout,
                route_grace=follow.route_grace,
            ),
            listener,
        )
        return coordinator.run(stop or threading.Event())

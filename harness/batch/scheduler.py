"""Run every queued job of a store over a pool of devices, one app per device at a time.

One worker thread per device slot: open the device, check its health, claim a job from the
store, run the job function under a time limit, record the result, repeat. The store is the only
state workers share; this module only keeps per-device counters for quarantine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from harness.batch.events import DeviceChanged, JobFinished, JobStarted, Listener
from harness.batch.faults import classify_error
from harness.batch.model import Job, JobResult, JobState
from harness.batch.settings import BatchSettings
from harness.batch.slots import DeviceSlot, close_quietly
from harness.batch.store import INTERRUPTED, Finish, Store
from harness.device.base import Device

JobFunction = Callable[[Job, Device, threading.Event], JobResult]
IDLE_POLL_S = 0.2  # how often an idle worker looks for retried jobs while others still run


@dataclass
class BatchOutcome:
    finished: int = 0  # jobs finished by this invocation
    quarantined: dict[str, str] = field(default_factory=dict)  # device -> reason
    interrupted: bool = False
    pending: int = 0  # jobs left queued or running in the store

    @property
    def complete(self) -> bool:
        return self.pending == 0 and not self.interrupted


class _Pool:
    """Which devices are still in service (shared by the workers, guarded by a lock)."""

    def __init__(self, names: list[str]) -> None:
        self._lock = threading.Lock()
        self._healthy = set(names)

    def healthy(self) -> set[str]:
        with self._lock:
            return set(self._healthy)

    def remove(self, name: str) -> None:
        with self._lock:
            self._healthy.discard(name)


def run_batch(
    store: Store,
    slots: list[DeviceSlot],
    job_fn: JobFunction,
    settings: BatchSettings,
    *,
    listener: Listener | None = None,
    stop: threading.Event | None = None,
) -> BatchOutcome:
    """Run until no job is left, every device is quarantined, or `stop` is set."""
    stop = stop or threading.Event()
    emit = listener or (lambda _event: None)
    pool = _Pool([s.name for s in slots])
    outcome = BatchOutcome()
    lock = threading.Lock()
    workers = [
        threading.Thread(
            target=_Worker(slot, store, job_fn, settings, pool, emit, stop, outcome, lock).run,
            name=f"batch-{slot.name}",
            daemon=True,  # a run stuck in native code must not keep the process alive
        )
        for slot in slots
    ]
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            while worker.is_alive():
                worker.join(0.2)
    except KeyboardInterrupt:
        stop.set()
        outcome.interrupted = True
        for worker in workers:
            worker.join(settings.stop_grace + 1)
    outcome.interrupted = outcome.interrupted or stop.is_set()
    outcome.pending = store.pending()
    return outcome


class _Worker:
    def __init__(
        self,
        slot: DeviceSlot,
        store: Store,
        job_fn: JobFunction,
        settings: BatchSettings,
        pool: _Pool,
        emit: Listener,
        stop: threading.Event,
        outcome: BatchOutcome,
        lock: threading.Lock,
    ) -> None:
        self.slot = slot
        self.store = store
        self.job_fn = job_fn
        self.settings = settings
        self.pool = pool
        self.emit = emit
        self.stop = stop
        self.outcome = outcome
        self.lock = lock
        self.device: Device | None = None
        self.failures = 0

    @property
    def name(self) -> str:
        return self.slot.name

    def run(self) -> None:
        self.store.set_device(self.name, "ok")
        try:
            while not self.stop.is_set():
                if self.store.pending() == 0:
                    return
                if not self._ready():
                    if self.failures >= self.settings.quarantine_after:
                        return
                    self.stop.wait(self.settings.reopen_backoff * self.failures)
                    continue
                job = self.store.claim(self.name, self.pool.healthy())
                if job is None:
                    if self.store.pending() == 0:
                        return
                    self.stop.wait(IDLE_POLL_S)  # others run jobs that may come back as retries
                    continue
                if not self._run(job):
                    return
        finally:
            close_quietly(self.device)
            self.device = None
            if self.name not in self.outcome.quarantined:
                self.emit(DeviceChanged(self.name, "stopped"))

    def _ready(self) -> bool:
        """Open the device if needed and check its health; False counts as an infra failure."""
        try:
            if self.device is None:
                self.emit(DeviceChanged(self.name, "opening"))
                self.device = self.slot.open()
            self.device.health_check()
        except Exception as exc:  # noqa: BLE001 - any failure here is the device's
            close_quietly(self.device)
            self.device = None
            self._infra_failure(f"health check failed: {classify_error(exc).reason}")
            return False
        self.emit(DeviceChanged(self.name, "idle"))
        return True

    def _run(self, job: Job) -> bool:
        """Run one job under its time limit; False when this device must stop taking jobs."""
        assert self.device is not None
        self.emit(DeviceChanged(self.name, "running", job.app))
        self.emit(JobStarted(job, self.name))
        started = time.monotonic()
        result, stuck, stopped = self._run_with_limit(job, self.device)
        if stopped:
            # Cut short by Ctrl-C: not a result; run it again on resume.
            result = JobResult(
                JobState.failed_infra,
                reason="the batch was stopped while this app was running",
                infra_kind=INTERRUPTED,
                counts_against_device=False,
                report_path=result.report_path,
                package=result.package,
            )
        finish = self.store.finish(job, self.name, result, retries=self.settings.retries)
        retried = finish is Finish.requeued
        self.emit(JobFinished(job, self.name, result, time.monotonic() - started, retried))
        with self.lock:
            self.outcome.finished += 1
        if stuck:
            self._quarantine("a run did not stop after its time limit; the device is held by it")
            return False
        if result.state is JobState.failed_infra and result.counts_against_device:
            close_quietly(self.device)  # reopen a fresh connection for the next app
            self.device = None
            return self._infra_failure(result.reason)
        if result.state is not JobState.failed_infra:
            self.failures = 0
            self.store.set_device(self.name, "ok", done=1)
        return True

    def _run_with_limit(self, job: Job, device: Device) -> tuple[JobResult, bool, bool]:
        return run_with_limit(self.job_fn, job, device, self.settings, self.stop)

    def _infra_failure(self, reason: str) -> bool:
        self.failures += 1
        if self.failures >= self.settings.quarantine_after:
            self._quarantine(f"{self.failures} infrastructure failures in a row; last: {reason}")
            return False
        self.store.set_device(self.name, "ok", failures=self.failures, reason=reason)
        self.emit(DeviceChanged(self.name, "unhealthy", reason))
        return True

    def _quarantine(self, reason: str) -> None:
        self.pool.remove(self.name)
        with self.lock:
            self.outcome.quarantined[self.name] = reason
        self.store.set_device(self.name, "quarantined", failures=self.failures, reason=reason)
        self.emit(DeviceChanged(self.name, "quarantined", reason))


def run_with_limit(
    job_fn: JobFunction,
    job: Job,
    device: Device,
    settings: BatchSettings,
    stop: threading.Event,
) -> tuple[JobResult, bool, bool]:
    """Run one job in a thread under the time limit (also what `harness worker` runs).

    Returns (result, the run ignored its cancel, the run was cancelled because the batch stops).
    """
    cancel = threading.Event()
    box: list[JobResult] = []

    def target() -> None:
        try:
            box.append(job_fn(job, device, cancel))
        except BaseException as exc:  # noqa: BLE001 - becomes the job's recorded outcome
            box.append(classify_error(exc))

    thread = threading.Thread(target=target, name=f"job-{job.app}", daemon=True)
    thread.start()
    deadline = time.monotonic() + settings.time_limit
    while thread.is_alive() and time.monotonic() < deadline and not stop.is_set():
        thread.join(0.1)
    timed_out = thread.is_alive() and not stop.is_set()
    stopped = thread.is_alive() and stop.is_set()
    if thread.is_alive():
        cancel.set()
        thread.join(settings.stop_grace)
    stuck = thread.is_alive()
    result = box[0] if box else JobResult(JobState.failed_infra, infra_kind="stuck")
    if timed_out:
        result.state = JobState.timeout
        result.reason = f"cut at the time limit of {settings.time_limit:g} s" + (
            "; the run did not stop when cancelled" if stuck else ""
        )
        result.infra_kind = ""
    elif stuck:
        result.reason = "the run did not stop when the batch was stopped"
    return result, stuck, stopped

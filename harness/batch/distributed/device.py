"""One device of a `harness worker` host: the body of the Celery task, run in that device's own
worker process (solo pool: one app at a time).

For each delivered job it does what the single-host scheduler's worker thread does: check the
device, start the attempt in the store (`Store.take`: a duplicate delivery is dropped, the
redelivery of a job whose worker died takes it over), run `run_app` under the time limit, record
the result and findings in one transaction, publish the follow-up attempt of a retried
infrastructure failure, count failures in a row and quarantine the device. A heartbeat thread
keeps the device's registry entry alive and current.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from harness.batch.distributed.app import TASK_NAME, JobMessage
from harness.batch.distributed.registry import DeviceStatus, Registry
from harness.batch.distributed.slotspec import SlotSpec
from harness.batch.faults import classify_error
from harness.batch.model import Job, JobResult, JobState
from harness.batch.routing import can_run, queue_for, queues_of
from harness.batch.runner import RunAppJob
from harness.batch.scheduler import run_with_limit
from harness.batch.settings import BatchSettings
from harness.batch.slots import DeviceSlot, close_quietly
from harness.batch.store import Finish, Store
from harness.device.base import Device

if TYPE_CHECKING:
    from celery import Celery

log = logging.getLogger("harness.worker")
HEARTBEAT_MISSES = 3  # a registry entry outlives this many missed heartbeats
EXCLUDED_PAUSE_S = 0.5  # before handing back a retry this device failed, for another to take
FINISH_RETRY_S = 120.0  # how long a result waits for an unreachable store


@dataclass
class _Campaign:
    store: Store
    settings: BatchSettings
    artifacts: Path


class DeviceRuntime:
    """State of the one device this process drives, shared by the task and the heartbeat."""

    def __init__(self, spec: SlotSpec, app: Celery) -> None:
        self.spec = spec
        self.app = app
        self.slot: DeviceSlot = spec.open_slot()
        self.registry = Registry(spec.broker)
        self.device: Device | None = None
        self.failures = 0
        self.apps_done = 0
        self.quarantined = ""
        self._campaigns: dict[str, _Campaign] = {}
        self._lock = threading.Lock()
        self._status = DeviceStatus(
            device=spec.device,
            host=spec.host,
            node=spec.node,
            tags=sorted(spec.tags),
            state="idle",
            pid=os.getpid(),
            since=time.time(),
        )
        self._stop = threading.Event()
        self._never = threading.Event()  # a job is never cut by a shutdown: SIGTERM waits for it
        self._beat: threading.Thread | None = None

    # --- registry --------------------------------------------------------------------------

    def start_heartbeat(self) -> None:
        if self._beat is None:
            self._beat = threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True)
            self._beat.start()

    def stop_heartbeat(self) -> None:
        self._stop.set()
        try:
            self.registry.remove(self.spec.device)
        except Exception:  # noqa: BLE001 - Redis gone at shutdown: the key expires by itself
            pass

    def _heartbeat(self) -> None:
        while not self._stop.is_set():
            self._publish_status()
            self._stop.wait(self.spec.heartbeat_s)

    def _publish_status(self) -> None:
        with self._lock:
            status = self._status.model_copy(update={"apps_done": self.apps_done})
        try:
            self.registry.put(status, ttl=self.spec.heartbeat_s * HEARTBEAT_MISSES)
        except Exception as exc:  # noqa: BLE001 - Redis away (restart): retried at the next beat
            log.warning("heartbeat: %s", exc)

    def _set(self, state: str, job: Job | None = None, store: str = "", detail: str = "") -> None:
        with self._lock:
            self._status = self._status.model_copy(
                update={
                    "state": state,
                    "job_id": job.id if job else None,
                    "app": job.app if job else "",
                    "store": store,
                    "detail": detail[:300],
                    "since": time.time(),
                }
            )
        self._publish_status()

    def holder_alive(self, job_id: int) -> Any:
        def alive(device: str) -> bool:
            status = self.registry.get(device)
            return status is not None and status.job_id == job_id

        return alive

    # --- campaigns -------------------------------------------------------------------------

    def _campaign(self, message: JobMessage) -> _Campaign:
        url = self.spec.store or message.store
        found = self._campaigns.get(url)
        if found is None:
            store = Store(url)
            raw = store.get_meta("settings")
            settings = BatchSettings.model_validate(raw)
            found = _Campaign(store, settings, Path(self.spec.artifacts or message.artifacts))
            self._campaigns[url] = found
        return found

    def publish(self, message: JobMessage) -> bool:
        """Send a message (False when the broker is away: the coordinator will send it)."""
        try:
            self.app.send_task(
                TASK_NAME,
                kwargs={"message": message.model_dump()},
                queue=queue_for(message.requires),
                retry=False,
            )
        except Exception as exc:  # noqa: BLE001 - published_at stays unset; the coordinator sends it
            log.warning("publish: %s", exc)
            return False
        return True

    # --- the task --------------------------------------------------------------------------

    def handle(self, message: JobMessage) -> None:
        """Run one delivered job. An exception (the store unreachable) leaves the message
        unacknowledged, so Redis delivers it again; the device is idle again either way, so that
        the redelivery may take the attempt over."""
        try:
            self._handle(message)
        finally:
            if not self.quarantined:
                self._set("idle")

    def _handle(self, message: JobMessage) -> None:
        if self.quarantined:
            self.publish(message)  # not ours to run: back to the queue for a healthy device
            return
        campaign = self._campaign(message)
        if message.requires and not can_run(message.requires, self.spec.tags):
            self.publish(message)  # cannot happen through the queues; never run it here
            return
        if self.spec.device in message.excluded and self._others_can_run(message):
            time.sleep(EXCLUDED_PAUSE_S)
            self.publish(message)
            return
        if not self._ready(campaign):
            self.publish(message)
            return
        self._set("running", None, campaign.store.location)
        job = campaign.store.take(
            message.job_id, self.spec.device, self.holder_alive(message.job_id)
        )
        if job is None:  # a duplicate delivery: finished, retried, or running on a live device
            self._set("idle")
            return
        self._set("running", job, campaign.store.location)
        self._run(job, campaign)

    def _others_can_run(self, message: JobMessage) -> bool:
        try:
            live = self.registry.devices()
        except Exception:  # noqa: BLE001 - no registry: run it here rather than bounce it
            return False
        return any(
            d.device not in message.excluded
            and d.state != "quarantined"
            and can_run(message.requires, d.tags)
            for d in live
        )

    def _ready(self, campaign: _Campaign) -> bool:
        try:
            if self.device is None:
                self._set("opening")
                self.device = self.slot.open()
            self.device.health_check()
        except Exception as exc:  # noqa: BLE001 - any failure here is the device's
            close_quietly(self.device)
            self.device = None
            self._infra_failure(campaign, f"health check failed: {classify_error(exc).reason}")
            if not self.quarantined:
                time.sleep(min(campaign.settings.reopen_backoff * self.failures, 30.0))
            return False
        return True

    def _run(self, job: Job, campaign: _Campaign) -> None:
        assert self.device is not None
        settings = campaign.settings
        store = campaign.store
        if settings.time_limit > self.spec.max_time_limit:
            result = JobResult(
                JobState.failed_infra,
                reason=f"the campaign's time limit ({settings.time_limit:g} s) exceeds this "
                f"worker's --max-time-limit ({self.spec.max_time_limit:g} s)",
                infra_kind="config",
                counts_against_device=False,
            )
            stuck = False
        else:
            job_fn = RunAppJob(rundir=campaign.artifacts, settings=settings)
            result, stuck, _ = run_with_limit(job_fn, job, self.device, settings, self._never)
        finish = self._finish(store, job, result, settings.retries)
        if finish is Finish.requeued:
            self._publish_retry(job, store, campaign)
        if stuck:
            self._quarantine(store, "a run did not stop after its time limit")
            return
        if result.state is JobState.failed_infra and result.counts_against_device:
            close_quietly(self.device)
            self.device = None
            self._infra_failure(campaign, result.reason)
            if not self.quarantined:
                self._set("idle")
            return
        if result.state is not JobState.failed_infra:
            self.failures = 0
            with self._lock:
                self.apps_done += 1
            store.set_device(self.spec.device, "ok", done=1)
        self._set("idle")

    def _finish(self, store: Store, job: Job, result: JobResult, retries: int) -> Finish:
        """Record the result, waiting out a store that restarts (finish is idempotent: its
        conditional update lands once)."""
        deadline = time.monotonic() + FINISH_RETRY_S
        pause = 0.5
        while True:
            try:
                return store.finish(job, self.spec.device, result, retries=retries)
            except SQLAlchemyError as exc:
                if time.monotonic() > deadline:
                    raise
                log.warning("store: %s; retrying", exc)
                time.sleep(pause)
                pause = min(pause * 2, 8.0)

    def _publish_retry(self, job: Job, store: Store, campaign: _Campaign) -> None:
        retry = store.queued_attempt(job.app)
        if retry is None:
            return
        if self.publish(
            JobMessage(
                store=store.location,
                artifacts=str(campaign.artifacts),
                job_id=retry.id,
                app=retry.app,
                attempt=retry.attempt,
                excluded=retry.excluded,
                requires=retry.requires,
            )
        ):
            store.mark_published([retry.id])

    def _infra_failure(self, campaign: _Campaign, reason: str) -> None:
        self.failures += 1
        store = campaign.store
        if self.failures >= campaign.settings.quarantine_after:
            self._quarantine(
                store, f"{self.failures} infrastructure failures in a row; last: {reason}"
            )
            return
        store.set_device(self.spec.device, "ok", failures=self.failures, reason=reason)
        self._set("unhealthy", detail=reason)

    def _quarantine(self, store: Store, reason: str) -> None:
        self.quarantined = reason
        store.set_device(self.spec.device, "quarantined", failures=self.failures, reason=reason)
        self._set("quarantined", detail=reason)
        # stop taking jobs: the same remote-control command an operator (or Flower) would send
        for queue in queues_of(self.spec.tags, self.spec.device):
            self.app.control.cancel_consumer(queue, destination=[self.spec.node])

    def close(self) -> None:
        self.stop_heartbeat()
        close_quietly(self.device)
        self.device = None
        for campaign in self._campaigns.values():
            campaign.store.close()
        self.registry.close()

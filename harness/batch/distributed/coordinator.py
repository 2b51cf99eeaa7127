"""`harness batch --broker`: publish the campaign's jobs and follow it until every app has ended.

The coordinator holds no state the campaign needs: it can be killed at any time and started
again (`harness batch --resume RUNDIR`); the workers go on meanwhile and record into the store.
Each poll it reads the store and the device registry and repairs what a fault left behind:

* a queued attempt with no message (a worker died between recording a retry and publishing it,
  or Redis restarted and lost what it had not yet written to disk) is published (again): a second
  message for the same attempt is harmless, `Store.take` starts an attempt only once;
* a running attempt whose device has not been seen for `worker_timeout` (its worker was killed)
  is recorded as interrupted and queued again, without waiting for Redis's visibility timeout;
* a queued attempt that no live, healthy device can run (its `--require` tags) for `route_grace`
  is ended as `failed_infra` / `unroutable`, reported, not left queued forever (`--resume`
  queues it again, e.g. once a worker with such a device has joined).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import and_, select

from harness.batch.distributed.app import (
    TASK_NAME,
    JobMessage,
    make_app,
    visibility_timeout,
)
from harness.batch.distributed.registry import DeviceStatus, Registry
from harness.batch.events import DeviceChanged, JobFinished, Listener
from harness.batch.model import Job, JobResult, JobState
from harness.batch.routing import can_run, queue_for
from harness.batch.scheduler import BatchOutcome
from harness.batch.schema import findings, jobs
from harness.batch.settings import BatchSettings
from harness.batch.store import Store
from harness.model import Finding

log = logging.getLogger("harness.coordinator")
UNROUTABLE = "unroutable"
CLOCK_SLACK_S = 60.0


@dataclass(frozen=True)
class FollowSettings:
    broker: str
    worker_timeout: float = 20.0  # a device unseen this long has lost its worker
    route_grace: float = 30.0  # live workers have had this long to offer a device for a job
    poll_s: float = 0.5


class Coordinator:
    def __init__(
        self,
        store: Store,
        settings: BatchSettings,
        artifacts: Path,
        follow: FollowSettings,
        listener: Listener | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.artifacts = artifacts
        self.opts = follow
        self.emit = listener or (lambda _event: None)
        self.app = make_app(follow.broker, visibility=visibility_timeout(settings.time_limit))
        self.registry = Registry(follow.broker)
        self.registry.check()
        self.started = time.monotonic()
        self.seen: dict[str, float] = {}
        self.shown: dict[str, tuple[str, str]] = {}
        self.unroutable_since: dict[str, float] = {}  # requirement set -> since when
        self.reported = self._ended_ids()
        self.watermark = 0.0  # ended_at of the newest finished attempt shown (host clocks)
        self.run_id = ""
        self._lost_broker = False  # a publish failed: send every queued attempt again
        self.quarantined: dict[str, str] = {}

    # --- messages --------------------------------------------------------------------------

    def message(self, job: Job) -> JobMessage:
        return JobMessage(
            store=self.store.location,
            artifacts=str(self.artifacts),
            job_id=job.id,
            app=job.app,
            attempt=job.attempt,
            excluded=job.excluded,
            requires=job.requires,
        )

    def publish(self, queued: list[Job]) -> int:
        """Send one message per attempt; those not sent (Redis away) keep published_at unset
        and are sent by a later poll."""
        sent: list[int] = []
        try:
            for job in queued:
                self.app.send_task(
                    TASK_NAME,
                    kwargs={"message": self.message(job).model_dump()},
                    queue=queue_for(job.requires),
                    retry=False,
                )
                sent.append(job.id)
        except Exception as exc:  # noqa: BLE001 - the broker is away: the next poll retries
            log.warning("publish: %s", exc)
            self._lost_broker = True
        finally:
            self.store.mark_published(sent)
        return len(sent)

    def _unpublished(self) -> list[Job]:
        return self.store.jobs_where(
            and_(jobs.c.state == JobState.queued.value, jobs.c.published_at.is_(None))
        )

    # --- the loop --------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> BatchOutcome:
        outcome = BatchOutcome()
        self.publish(self.store.jobs_in(JobState.queued))  # all: a resume cannot know which
        self.run_id = self._run_id()
        try:
            while True:
                self._emit_finished(outcome)
                if self.store.pending() == 0:
                    break
                if stop.wait(self.opts.poll_s):
                    outcome.interrupted = True
                    break
                self.poll()
        finally:
            self.registry.close()
        self._emit_finished(outcome)
        outcome.quarantined = dict(self.quarantined)
        outcome.pending = self.store.pending()
        return outcome

    def _run_id(self) -> str:
        try:
            return self.registry.run_id()
        except Exception:  # noqa: BLE001 - Redis away: the next poll tries again
            return ""

    def poll(self) -> None:
        now = time.monotonic()
        try:
            statuses = self.registry.devices()
            run_id = self.registry.run_id()
        except Exception as exc:  # noqa: BLE001 - Redis away: judge no worker until it is back
            log.warning("registry: %s", exc)
            for device in self.seen:
                self.seen[device] = now
            return
        if self._lost_broker or (self.run_id and run_id != self.run_id):
            self._lost_broker = False
            # Redis restarted: what it held may be gone (appendonly keeps all but the last
            # second); publish every queued attempt again and give the workers time to beat.
            for device in self.seen:
                self.seen[device] = now
            self.publish(self.store.jobs_in(JobState.queued))
        self.run_id = run_id
        self._devices(statuses, now)
        self._recover_lost(now)
        unpublished = self._unpublished()
        if unpublished:
            self.publish(unpublished)
        self._route(statuses, now)

    def _devices(self, statuses: list[DeviceStatus], now: float) -> None:
        for status in statuses:
            self.seen[status.device] = now
            shown = (status.state, status.app)
            if self.shown.get(status.device) != shown:
                self.shown[status.device] = shown
                detail = status.app if status.state == "running" else status.detail
                self.emit(DeviceChanged(status.device, status.state, detail))
            if status.state == "quarantined":
                self.quarantined[status.device] = status.detail
        live = {s.device for s in statuses}
        for device in list(self.shown):
            if device not in live and self.shown[device][0] != "gone":
                self.shown[device] = ("gone", "")
                self.emit(DeviceChanged(device, "stopped", "not seen"))

    def _recover_lost(self, now: float) -> None:
        running = self.store.query(
            select(jobs.c.device).where(jobs.c.state == JobState.running.value).distinct()
        )
        gone = [
            r[0]
            for r in running
            if r[0] and now - self.seen.get(r[0], self.started) > self.opts.worker_timeout
        ]
        if gone and self.store.recover(devices_gone=gone):
            log.warning("worker lost: %s; their apps are queued again", ", ".join(gone))

    def _route(self, statuses: list[DeviceStatus], now: float) -> None:
        if not statuses:
            self.unroutable_since.clear()  # no worker yet: waiting for one is not an error
            return
        healthy = [s.tags for s in statuses if s.state != "quarantined"]
        wanted_sets = self.store.query(
            select(jobs.c.requires).where(jobs.c.state == JobState.queued.value).distinct()
        )
        for (requires,) in wanted_sets:
            wanted = [t for t in requires.split("\n") if t]
            if any(can_run(wanted, tags) for tags in healthy):
                self.unroutable_since.pop(requires, None)
                continue
            since = self.unroutable_since.setdefault(requires, now)
            if now - since < self.opts.route_grace:
                continue
            have = "; ".join(sorted({",".join(t) for t in healthy})) or "none healthy"
            reason = (
                f"no live healthy device has the tags this app requires "
                f"({', '.join(wanted) or 'none'}); the devices have: {have}"
            )
            where = and_(jobs.c.state == JobState.queued.value, jobs.c.requires == requires)
            for job in self.store.jobs_where(where):
                self.store.fail_queued(job.id, UNROUTABLE, reason)
            self.unroutable_since.pop(requires, None)

    # --- display ---------------------------------------------------------------------------

    def _ended_ids(self) -> set[int]:
        rows = self.store.query(select(jobs.c.id).where(jobs.c.ended_at.is_not(None)))
        return {int(r[0]) for r in rows}

    def _emit_finished(self, outcome: BatchOutcome) -> None:
        # hosts' clocks differ: look back a minute past the newest shown, skip those shown
        rows = self.store.query(
            select(jobs)
            .where(jobs.c.ended_at >= self.watermark - CLOCK_SLACK_S)
            .order_by(jobs.c.ended_at)
        )
        for row in rows:
            self.watermark = max(self.watermark, row["ended_at"])
            if row["id"] in self.reported:
                continue
            self.reported.add(row["id"])
            outcome.finished += 1
            result = JobResult(
                JobState(row["state"]),
                reason=row["reason"],
                package=row["package"],
                report_path=row["report_path"],
                findings=self._findings(row["id"]),
                infra_kind=row["infra_kind"],
            )
            retried = bool(
                result.state is JobState.failed_infra and self.store.queued_attempt(row["app"])
            )
            job = Job(row["id"], row["app"], row["source"], row["attempt"])
            seconds = (row["ended_at"] or 0.0) - (row["started_at"] or row["ended_at"] or 0.0)
            self.emit(JobFinished(job, row["device"] or "-", result, seconds, retried))

    def _findings(self, job_id: int) -> list[Finding]:
        out = []
        for f in self.store.query(select(findings).where(findings.c.job_id == job_id)):
            data: dict[str, Any] = dict(f)
            try:
                out.append(
                    Finding(
                        rule=data["rule"],
                        data=data["data"],
                        api=data["api"],
                        actor={
                            "kind": data["actor_kind"],
                            "name": data["actor_name"],
                            "package": data["actor_package"],
                            "vendor": data["actor_vendor"],
                        },
                        process=data["process"],
                        count=data["count"],
                        first_at=data["first_at"],
                        first_offset_s=data["first_offset_s"],
                    )
                )
            except ValidationError:
                continue  # a rule of a newer version: the log line only counts known ones
        return out

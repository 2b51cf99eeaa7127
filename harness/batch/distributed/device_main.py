"""Entry point of one device's worker process (started by `harness worker`, one per device).

It is a standard Celery worker (`celery worker` options, solo pool, concurrency 1, consuming the
queues of every subset of the device's tags), so `celery inspect`, `celery control` and Flower
see it like any other; its one task is `harness.run_job`.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from pydantic import ValidationError

from harness.batch.distributed.app import TASK_NAME, JobMessage, make_app, visibility_timeout
from harness.batch.distributed.device import DeviceRuntime
from harness.batch.distributed.slotspec import SLOT_ENV, SlotSpec
from harness.batch.routing import queues_of

log = logging.getLogger("harness.worker")


def main() -> None:
    spec = SlotSpec.model_validate_json(os.environ[SLOT_ENV])
    visibility = spec.visibility_timeout or visibility_timeout(spec.max_time_limit)
    app = make_app(spec.broker, visibility=visibility)
    runtime = DeviceRuntime(spec, app)

    @app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)  # type: ignore[untyped-decorator]
    def run_job(message: dict[str, Any]) -> None:
        try:
            job = JobMessage.model_validate(message)
        except ValidationError as exc:  # not a job of ours: acknowledge it, never run it
            log.error("dropped a malformed message: %s", str(exc).splitlines()[0])
            return
        runtime.handle(job)

    from celery import signals

    @signals.worker_ready.connect(weak=False)  # type: ignore[untyped-decorator]
    def _ready(**_: Any) -> None:
        runtime.start_heartbeat()  # the device shows up once its consumer takes jobs

    @signals.worker_shutting_down.connect(weak=False)  # type: ignore[untyped-decorator]
    def _stopping(**_: Any) -> None:
        runtime._set("stopping")

    queues = queues_of(spec.tags, spec.device)
    try:
        app.worker_main(
            [
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "--prefetch-multiplier=1",
                f"--queues={','.join(queues)}",
                f"--hostname={spec.node}",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ]
        )
    finally:
        runtime.close()
    sys.exit(0)


if __name__ == "__main__":
    main()

"""The Celery side shared by the coordinator and the workers: app settings, task name, message.

Late acknowledgement (`task_acks_late`, `task_reject_on_worker_lost`): a task is removed from
Redis only once its result is in the store, so a worker killed mid-job leaves its message to be
delivered again after the visibility timeout, which is sized to the longest run a worker accepts.
Prefetch 1: a device holds at most the message it runs. No result backend: the store is it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from celery import Celery

TASK_NAME = "harness.run_job"
# beyond the longest time limit a worker accepts: its stop grace and a margin, before Redis
# hands an unacknowledged task out again
VISIBILITY_MARGIN_S = 90.0


class JobMessage(BaseModel):
    """One attempt of one app, as a task's only argument (JSON). The store URL never holds a
    password."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    store: str
    artifacts: str  # the campaign's artifact root as the coordinator sees it
    job_id: int
    app: str = Field(max_length=200)
    attempt: int
    excluded: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()


def visibility_timeout(max_time_limit: float) -> float:
    return max_time_limit + VISIBILITY_MARGIN_S


def make_app(broker: str, *, visibility: float, name: str = "harness") -> Celery:
    from celery import Celery

    app = Celery(name, broker=broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=False,  # a task that raised is delivered again
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        result_backend=None,
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options={"visibility_timeout": visibility},
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a Redis restart: keep trying, never give up
        worker_cancel_long_running_tasks_on_connection_loss=False,
        worker_hijack_root_logger=False,
        task_default_queue="harness",
        worker_enable_remote_control=True,  # `celery inspect`, Flower
    )
    return app

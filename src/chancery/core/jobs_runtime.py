"""How Chancery runs Procrastinate: connectors, worker defaults, the worker middleware and the
housekeeping that keeps the queue healthy. Task authors use ``core.jobs``; this is plumbing.

Connections. In the web process Procrastinate's Django connector defers jobs on Django's own
connection, so ``defer()`` inside ``transaction.atomic()`` is part of that transaction. The
worker needs a real pool (to fetch jobs, LISTEN and send heartbeats) and Procrastinate's stock
worker connector would then also defer follow-up jobs through that pool, *outside* the
transaction of the task that defers them. ``WorkerConnector`` keeps the pool for the worker's
own (async) work and routes every synchronous call, which is what a task's ``defer()`` is,
back to Django's connection of the task's thread.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError
from django.db.models import Exists, OuterRef
from procrastinate import psycopg_connector
from procrastinate.contrib.django import utils as procrastinate_django_utils
from procrastinate.contrib.django.django_connector import DjangoConnector

from chancery.core.jobs import close_thread_connections
from chancery.lib import logcontext

if TYPE_CHECKING:
    from procrastinate import App, JobContext, connector, jobs, worker
    from procrastinate.middleware import AsyncCallNext

logger = logging.getLogger(__name__)

_MAX_ERROR_CHARS = 4000
_MAX_TRACEBACK_CHARS = 20000


class WorkerConnector(psycopg_connector.PsycopgConnector):
    """A pool for the worker itself; Django's connection for what tasks do synchronously."""

    def __init__(self, alias: str) -> None:
        super().__init__(kwargs=procrastinate_django_utils.connector_params(alias))
        self._django = DjangoConnector(alias=alias)

    def get_sync_connector(self) -> connector.BaseConnector:
        return self._django


class ChanceryConnector(DjangoConnector):
    """Django's connection in web processes; ``WorkerConnector`` once a worker starts."""

    def get_worker_connector(self) -> connector.BaseAsyncConnector:
        return WorkerConnector(alias=self.alias)


def install(app: App) -> None:
    """Give the Django app Chancery's connector and worker defaults (from ``on_app_ready``)."""
    alias = getattr(app.connector, "alias", "default")
    app.connector = ChanceryConnector(alias=alias)
    app.job_manager.connector = app.connector
    defaults: dict[str, Any] = dict(app.worker_defaults)
    defaults.setdefault("update_heartbeat_interval", settings.CHANCERY_JOB_HEARTBEAT_SECONDS)
    defaults.setdefault("stalled_worker_timeout", settings.CHANCERY_JOB_STALLED_SECONDS)
    defaults["worker_middleware"] = [observe_job, *defaults.get("worker_middleware", [])]
    app.worker_defaults = defaults  # type: ignore[assignment]


async def observe_job(call_next: AsyncCallNext, context: JobContext, worker: worker.Worker) -> Any:
    """Worker middleware: tag log records with the job, keep the error of a failed attempt."""
    job = context.job
    with logcontext.bound(job_id=job.id, task=job.task_name):
        try:
            return await call_next()
        except Exception as exc:
            await sync_to_async(_record_error, thread_sensitive=False)(job, exc)
            raise


def _record_error(job: jobs.Job, exc: BaseException) -> None:
    from chancery.core.models import JobError

    if job.id is None:
        return
    try:
        JobError.objects.create(
            job_id=job.id,
            task_name=job.task_name,
            queue_name=job.queue,
            attempt=job.attempts + 1,
            error=f"{type(exc).__name__}: {exc}"[:_MAX_ERROR_CHARS],
            traceback="".join(traceback.format_exception(exc))[-_MAX_TRACEBACK_CHARS:],
        )
    except DatabaseError:
        # Losing the error text must never change the job's outcome.
        logger.exception("could not record the error of job %s", job.id)
    finally:
        close_thread_connections()


def cron_every(seconds: int) -> str:
    """A cron line firing about every ``seconds`` (seconds, minutes or hours granularity)."""
    seconds = max(1, seconds)
    if seconds < 60:
        return f"* * * * * */{seconds}"
    if seconds < 3600:
        return f"*/{seconds // 60} * * * *"
    return f"0 */{min(23, seconds // 3600)} * * *"


async def retry_stalled(app: App, seconds_since_heartbeat: float) -> list[int]:
    """Put back in their queue the running jobs of workers silent for that long."""
    stalled = await app.job_manager.get_stalled_jobs(
        seconds_since_heartbeat=seconds_since_heartbeat
    )
    retried = []
    for job in stalled:
        await app.job_manager.retry_job(job)
        logger.warning(
            "job %s (%s) was running on a worker that stopped answering: queued again",
            job.id,
            job.task_name,
        )
        retried.append(int(job.id or 0))
    return retried


async def prune(app: App, days: int, failed_days: int) -> None:
    """Delete finished jobs older than ``days`` (failed ones: ``failed_days``) and their notes."""
    await app.job_manager.delete_old_jobs(
        nb_hours=days * 24, include_cancelled=True, include_aborted=True
    )
    await app.job_manager.delete_old_jobs(nb_hours=failed_days * 24, include_failed=True)
    await sync_to_async(_prune_notes, thread_sensitive=False)()


def _prune_notes() -> None:
    from procrastinate.contrib.django.models import ProcrastinateJob

    from chancery.core.models import JobError, JobProgress

    try:
        for model in (JobProgress, JobError):
            job = ProcrastinateJob.objects.filter(id=OuterRef("job_id"))
            model.objects.filter(~Exists(job)).delete()
    finally:
        close_thread_connections()

"""Writes about background jobs: an administrator retrying a failed job, jobs reporting progress."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from chancery.core.audit import record
from chancery.core.constants import Role
from chancery.core.decorators import holds_any_role
from chancery.core.jobs import current_job_id
from chancery.core.models import JobProgress

if TYPE_CHECKING:
    from chancery.core.models import User

_MAX_MESSAGE = 500


class JobNotRetryable(Exception):
    """The job does not exist (any more) or has not failed."""


def retry_job(actor: User, job_id: int) -> None:
    """Queue a failed job again, to run as soon as a worker is free; audited as ``job.retry``.

    Who may: administrators. Refuses: ``PermissionDenied`` for anyone else;
    ``JobNotRetryable`` when the job is unknown or not failed (waiting, running, succeeded,
    cancelled jobs are left alone). The retry counts as one more attempt; automatic retries
    resume only if the task's retry budget is not spent.
    """
    if not holds_any_role(actor, (Role.ADMIN.value,)):
        raise PermissionDenied
    with transaction.atomic():
        job = ProcrastinateJob.objects.select_for_update().filter(id=job_id).first()
        if job is None or job.status != "failed":
            raise JobNotRetryable(_("Only a failed job can be retried."))
        # Through Django's connection (core.jobs_runtime), so inside this transaction.
        app.job_manager.retry_job_by_id(job_id=job_id, retry_at=timezone.now())
        record(
            actor,
            "job.retry",
            object_type="procrastinate.job",
            object_id=str(job_id),
            object_label=job.task_name[:255],
            data={"queue": job.queue_name, "attempts": job.attempts},
        )


def track_progress(
    job_id: int, label: str, *, owner: User | None = None, total: int | None = None
) -> JobProgress:
    """Create the progress record of a job just deferred, so its page exists at once.

    Who may: the action that deferred the job, in its transaction, right after ``defer()``;
    ``owner`` (besides administrators) may then watch it. Refuses a negative ``total``.
    """
    if total is not None and total < 0:
        raise ValueError("total must not be negative")
    progress, _created = JobProgress.objects.update_or_create(
        job_id=job_id, defaults={"label": label[:200], "owner": owner, "total": total}
    )
    return progress


def report_progress(
    job_id: int | None, done: int, total: int | None = None, message: str = ""
) -> None:
    """Record how far a job has got (``job_id=None``: the job this code runs in).

    Who may: the job itself. Call it outside ``transaction.atomic()``: inside, watchers see
    nothing until the transaction commits. ``total=None`` keeps the total already known.
    Refuses negative numbers and a call outside a job without an id (``ValueError``).
    """
    job_id = current_job_id() if job_id is None else job_id
    if job_id is None:
        raise ValueError("report_progress needs a job id outside a running job")
    if done < 0 or (total is not None and total < 0):
        raise ValueError("progress must not be negative")
    message = message[:_MAX_MESSAGE]
    fields: dict[str, Any] = {"done": done, "message": message, "updated": timezone.now()}
    if total is not None:
        fields["total"] = total
    if not JobProgress.objects.filter(job_id=job_id).update(**fields):
        JobProgress.objects.get_or_create(
            job_id=job_id, defaults={"done": done, "total": total, "message": message}
        )

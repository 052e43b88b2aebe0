"""Reads about background jobs: failed jobs and counts (administrators), a job's progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

from chancery.core.constants import Role
from chancery.core.decorators import holds_any_role
from chancery.core.models import JobError, JobProgress

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STATUS_LABELS: dict[str, StrOrPromise] = {
    "todo": _("Waiting"),
    "doing": _("Running"),
    "failed": _("Failed"),
    "succeeded": _("Succeeded"),
    "cancelled": _("Cancelled"),
    "aborted": _("Aborted"),
}
FINISHED = frozenset({"succeeded", "failed", "cancelled", "aborted"})


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: StrOrPromise
    count: int


def status_counts() -> list[StatusCount]:
    """How many jobs are in each status, every status listed (zero included), in a fixed order."""
    rows = dict(ProcrastinateJob.objects.values_list("status").annotate(n=Count("id")).order_by())
    return [
        StatusCount(status, label, rows.get(status, 0)) for status, label in STATUS_LABELS.items()
    ]


def failed_jobs(queue: str = "", task: str = "") -> QuerySet[ProcrastinateJob, Any]:
    """Failed jobs, latest failure first, with ``last_error``, ``failed_at``, ``args_json``."""
    last_error = JobError.objects.filter(job_id=OuterRef("id")).order_by("-at", "-id")
    failed_at = (
        ProcrastinateEvent.objects.filter(job_id=OuterRef("id"), type="failed")
        .values("job_id")
        .annotate(latest=Max("at"))
        .values("latest")
    )
    jobs: QuerySet[ProcrastinateJob, Any] = ProcrastinateJob.objects.filter(status="failed")
    if queue:
        jobs = jobs.filter(queue_name=queue)
    if task:
        jobs = jobs.filter(task_name=task)
    return jobs.annotate(
        last_error=Subquery(last_error.values("error")[:1]),
        failed_at=Subquery(failed_at[:1]),
        args_json=Cast("args", TextField()),
    ).order_by("-failed_at", "-id")


def failed_job_filters() -> tuple[list[str], list[str]]:
    """The queues and the task names that currently have failed jobs, for the filter form."""
    pairs = (
        ProcrastinateJob.objects.filter(status="failed")
        .values_list("queue_name", "task_name")
        .order_by()
        .distinct()
    )
    queues = sorted({queue for queue, _task in pairs})
    tasks = sorted({task for _queue, task in pairs})
    return queues, tasks


@dataclass(frozen=True)
class JobWatch:
    """A job's progress as its watchers see it."""

    progress: JobProgress
    status: str | None

    @property
    def finished(self) -> bool:
        # No row any more: pruned, so long finished.
        return self.status is None or self.status in FINISHED

    @property
    def status_label(self) -> StrOrPromise:
        return STATUS_LABELS.get(self.status or "", _("Finished"))


def progress_for(user: Any, job_id: int) -> JobWatch:
    """The progress of ``job_id`` if ``user`` may watch it (its owner, administrators).

    Anyone else, and a job that reports no progress, gets ``Http404``.
    """
    progress = JobProgress.objects.filter(job_id=job_id).first()
    if progress is None or not (
        (progress.owner_id is not None and progress.owner_id == user.pk)
        or holds_any_role(user, (Role.ADMIN.value,))
    ):
        raise Http404
    status = ProcrastinateJob.objects.filter(id=job_id).values_list("status", flat=True).first()
    return JobWatch(progress, status)

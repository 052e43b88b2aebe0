"""What Chancery keeps about background jobs beside Procrastinate's own tables.

Procrastinate records a job's status and attempts, not why it failed nor how far it got:
``JobError`` keeps the error of each failed attempt (for the failed-jobs page) and
``JobProgress`` the progress a long job reports (for the page that polls it). Both refer to the
job by id only: Procrastinate owns ``procrastinate_jobs`` and prunes it on its own schedule.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobProgress(models.Model):
    """How far a long job has got; one row per job, written by the job as it works."""

    job_id = models.BigIntegerField(_("job"), unique=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    # Who may watch it besides administrators: usually the person whose action started it.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    started = models.DateTimeField(_("started"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job progress")
        verbose_name_plural = _("job progress")

    def __str__(self) -> str:
        return f"{self.label or self.job_id}: {self.done}/{self.total or '?'}"

    def percent(self) -> int | None:
        """Whole percent done, or None when the job has not said how much there is to do."""
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class JobError(models.Model):
    """The error that ended one attempt of a job."""

    job_id = models.BigIntegerField(_("job"), db_index=True)
    task_name = models.CharField(_("task"), max_length=128)
    queue_name = models.CharField(_("queue"), max_length=128)
    attempt = models.PositiveIntegerField(_("attempt"))
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("job error")
        verbose_name_plural = _("job errors")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.task_name}#{self.job_id} attempt {self.attempt}: {self.error[:80]}"

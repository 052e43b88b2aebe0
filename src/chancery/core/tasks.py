"""Background jobs of the core app."""

from django.conf import settings
from procrastinate import JobContext
from procrastinate.contrib.django import app

from chancery.core import jobs_runtime
from chancery.core.jobs import job_task


@job_task(name="core.send_notification_email", queue="email")
def send_notification_email(notification_id: int) -> None:
    """E-mail one notification in its recipient's language (idempotent: sends at most once)."""
    from chancery.core.actions.notifications import deliver_email

    deliver_email(notification_id)


# Housekeeping of the queue itself. Async: they only talk to Procrastinate's job manager.
# At least one worker must serve the "ops" queue (a worker started without --queues does).


@app.periodic(cron=jobs_runtime.cron_every(settings.CHANCERY_JOB_STALLED_CHECK_SECONDS))
@app.task(
    name="core.retry_stalled_jobs",
    queue="ops",
    pass_context=True,
    queueing_lock="core.retry_stalled_jobs",
    lock="core.retry_stalled_jobs",
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """Requeue the jobs of workers whose heartbeat stopped (killed, crashed, machine lost)."""
    await jobs_runtime.retry_stalled(context.app, settings.CHANCERY_JOB_STALLED_SECONDS)


@app.periodic(cron="17 3 * * *")
@app.task(
    name="core.prune_jobs",
    queue="ops",
    pass_context=True,
    queueing_lock="core.prune_jobs",
    lock="core.prune_jobs",
)
async def prune_jobs(context: JobContext, timestamp: int) -> None:
    """Delete old finished jobs, their progress and their recorded errors."""
    await jobs_runtime.prune(
        context.app,
        days=settings.CHANCERY_JOB_RETENTION_DAYS,
        failed_days=settings.CHANCERY_FAILED_JOB_RETENTION_DAYS,
    )


@app.periodic(cron="*/10 * * * *")
@job_task(
    name="core.checkpoint_audit_chain",
    queue="ops",
    retry=False,
    queueing_lock="core.checkpoint_audit_chain",
    lock="core.checkpoint_audit_chain",
)
def checkpoint_audit_chain(timestamp: int) -> None:
    """Sign the audit chain's head unless it is already signed (docs/audit.md).

    No retry: the next run comes in ten minutes, and a chain that does not verify fails the
    job (visible on the jobs page) instead of being signed.
    """
    from chancery.core.actions.audit import create_checkpoint

    create_checkpoint()

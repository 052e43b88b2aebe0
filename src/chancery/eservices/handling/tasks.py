"""Jobs of the handling area (imported from ``eservices.setup`` so that workers find them)."""

from procrastinate.contrib.django import app

from chancery.core.service import job_task


# Hourly: reminders go out within the hour their day starts; each dossier is reminded and
# escalated once per return date, so running more often sends nothing more.
@app.periodic(cron="23 * * * *")
@job_task(
    name="eservices.follow_up_deadlines",
    retry=False,
    queueing_lock="eservices.follow_up_deadlines",
    lock="eservices.follow_up_deadlines",
)
def follow_up_deadlines(timestamp: int) -> None:
    """Remind, escalate and draft apologies (``handling.sweep.sweep``). No retry: the next
    run comes within the hour and picks up whatever this one missed."""
    from chancery.eservices.handling.sweep import sweep

    sweep()

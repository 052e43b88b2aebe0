"""Jobs of handling: reminders before deadlines and escalation of overdue assignments."""

from procrastinate.contrib.django import app

from chancery.core.service import job_task


# Hourly: a reminder goes out within the hour its day starts, and each assignment is reminded
# and escalated once (``reminded_at``/``escalated_at``), so running more often sends nothing more.
@app.periodic(cron="7 * * * *")
@job_task(
    name="documents.remind_and_escalate",
    retry=False,
    queueing_lock="documents.remind_and_escalate",
    lock="documents.remind_and_escalate",
)
def remind_and_escalate(timestamp: int) -> None:
    """Send due reminders and escalations (``actions.handling.send_reminders_and_escalations``).

    No retry: the next run comes within the hour and picks up whatever this one missed.
    """
    from chancery.documents.actions.handling import send_reminders_and_escalations

    send_reminders_and_escalations()

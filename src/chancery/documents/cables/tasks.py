"""Jobs of cables: acknowledgement timers and their sweep.

Imported by ``documents.tasks`` so that workers find them.
"""

from procrastinate.contrib.django import app

from chancery.core.service import job_task


@job_task(name="cables.check_ack_timers")
def check_ack_timers(cable_id: str) -> None:
    """Alert or escalate the due, unacknowledged deliveries of one cable (deferred at each
    deadline; idempotent, so a retry or a duplicate run alerts nobody twice)."""
    from chancery.documents.cables.delivery.timers import check_cable

    check_cable(cable_id)


# Every minute: whatever timer a lost job or a restored backup missed fires within a minute.
@app.periodic(cron="* * * * *")
@job_task(
    name="cables.sweep_ack_timers",
    retry=False,
    queueing_lock="cables.sweep_ack_timers",
    lock="cables.sweep_ack_timers",
)
def sweep_ack_timers(timestamp: int) -> None:
    """Take every due alert and escalation step that has not been taken yet."""
    from chancery.documents.cables.delivery.timers import sweep

    sweep()

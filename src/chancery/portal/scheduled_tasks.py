"""The job of scheduled publishing (imported by setup.ready, as the other areas' jobs)."""

from __future__ import annotations

from procrastinate.contrib.django import app

from chancery.core.service import job_task


# Every minute, so that a page scheduled for 10:00 is live at 10:00 without a cron. The page
# cache does the same from the first request at or after the due time (see scheduling.py);
# this job is what publishes for a portal nobody is reading, and what starts the outbox then.
@app.periodic(cron="* * * * *", periodic_id="portal.publish_due")
@job_task(
    name="portal.publish_due",
    queue="default",
    retry=False,
    queueing_lock="portal.publish_due",
)
def publish_due(timestamp: int) -> None:
    """Publish the revisions whose go-live time has come and unpublish expired pages; purge
    the page cache when anything changed. No user acts; nothing is refused. Not retried: the
    next minute's run is the retry."""
    from chancery.portal import scheduling

    scheduling.publish_due(reason="job")

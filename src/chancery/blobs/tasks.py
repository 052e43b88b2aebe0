"""Background jobs of the blobs app."""

from __future__ import annotations

import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from chancery.blobs.actions import collect_garbage
from chancery.core.service import job_task

logger = logging.getLogger(__name__)


@app.periodic(cron="41 2 * * *", periodic_id="daily")
@job_task(
    name="blobs.collect_orphans",
    queue="ops",
    queueing_lock="blobs.collect_orphans",
    lock="blobs.collect_orphans",
    retry=RetryStrategy(max_attempts=5, exponential_wait=60),
)
def collect_orphans(timestamp: int) -> None:
    """Daily: remove blobs nothing refers to, past the grace period (idempotent)."""
    report = collect_garbage()
    logger.info(
        "blob garbage collection",
        extra={
            "orphans": len(report.orphans),
            "strays": len(report.strays),
            "temporaries": report.temporaries,
        },
    )

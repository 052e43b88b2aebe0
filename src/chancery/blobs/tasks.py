"""Background jobs of the blobs app."""

from __future__ import annotations

import logging

from django.db import connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from chancery.blobs.actions import collect_garbage

logger = logging.getLogger(__name__)


@app.periodic(cron="41 2 * * *", periodic_id="daily")
@app.task(
    name="blobs.collect_orphans",
    queue="ops",
    queueing_lock="blobs.collect_orphans",
    lock="blobs.collect_orphans",
    retry=RetryStrategy(max_attempts=5, exponential_wait=60),
)
def collect_orphans(timestamp: int) -> None:
    """Daily: remove blobs nothing refers to, past the grace period (idempotent)."""
    try:
        report = collect_garbage()
        logger.info(
            "blob garbage collection",
            extra={
                "orphans": len(report.orphans),
                "strays": len(report.strays),
                "temporaries": report.temporaries,
            },
        )
    finally:
        # Sync jobs run in worker threads that Django's request cycle never cleans up.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()

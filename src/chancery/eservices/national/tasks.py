"""Jobs of the national-portal sync: push one dossier's records, and a sweep every minute."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from chancery.core.service import job_task


@job_task(name="eservices.national_push", queue="exchange", retry=False)
def national_push(dossier_id: int) -> None:
    """Push ``dossier_id``'s due sync records in order.

    Deferred by ``national.on_event`` in the transaction that changed the dossier. Not retried
    by Procrastinate: the records carry their own attempts and backoff, and after a failure
    this job defers its own next try at the record's ``next_attempt_at``; the sweep below
    covers whatever falls through (a killed worker, a push skipped for a busy lock).
    """
    from chancery.eservices.national.sync import defer_push, push_dossier

    result = push_dossier(dossier_id)
    if result.busy:
        # Another pusher holds the dossier: it may have read the records before this job's
        # record was committed, so look again shortly.
        with transaction.atomic():
            defer_push(dossier_id, at=timezone.now() + dt.timedelta(seconds=1))
    elif result.retry_at is not None:
        with transaction.atomic():
            defer_push(dossier_id, at=result.retry_at)


@app.periodic(cron="* * * * *")
@job_task(
    name="eservices.national_sweep",
    queue="exchange",
    retry=False,
    queueing_lock="eservices.national_sweep",
)
def national_sweep(timestamp: int) -> None:
    """Push every dossier whose next try has come."""
    from chancery.eservices.national.sync import sweep

    sweep()

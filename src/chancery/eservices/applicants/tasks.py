"""Jobs of the applicants area: housekeeping of the lockout and rate-limit counters."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from procrastinate.contrib.django import app

from chancery.core.service import job_task
from chancery.eservices.models import SigninThrottle


@app.periodic(cron="23 4 * * *")
@job_task(
    name="eservices.purge_signin_throttle",
    retry=False,
    queueing_lock="eservices.purge_signin_throttle",
    lock="eservices.purge_signin_throttle",
)
def purge_signin_throttle(timestamp: int) -> None:
    """Delete counters untouched for two days and not locked (no retry: it runs daily)."""
    stale = timezone.now() - timedelta(days=2)
    SigninThrottle.objects.filter(window_start__lt=stale).exclude(
        locked_until__gt=timezone.now()
    ).delete()

"""Background jobs of the API layer: forgetting what no longer matters."""

from procrastinate.contrib.django import app

from chancery.api import idempotency, ratelimit
from chancery.core.service import job_task


@app.periodic(cron="17 * * * *")
@job_task(name="api.purge_expired", queue="ops", queueing_lock="api.purge_expired")
def purge_expired(timestamp: int) -> dict[str, int]:
    """Delete idempotency records past their 24 hours and rate-limit counters of old windows.

    Idempotent: running it twice deletes nothing more the second time.
    """
    return {
        "idempotency_records": idempotency.purge(),
        "rate_limit_counters": ratelimit.purge(),
    }

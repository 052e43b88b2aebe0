"""Jobs of search: alerts of saved searches."""

from __future__ import annotations

from procrastinate.contrib.django import app

from chancery.core.service import job_task


@app.periodic(cron="*/15 * * * *")
@job_task(
    name="documents.check_saved_search_alerts",
    queue="default",
    retry=False,
    queueing_lock="documents.check_saved_search_alerts",
    lock="documents.check_saved_search_alerts",
)
def check_saved_search_alerts(timestamp: int) -> None:
    """Tell owners of alerting saved searches how many new documents they may read match."""
    from chancery.documents.search.alerts import check_alerts

    check_alerts()

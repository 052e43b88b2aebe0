"""Jobs of the cable archive (imported by ``cables/setup.py`` so that workers find them)."""

from __future__ import annotations

from chancery.core.service import default_retry, job_task


@job_task(name="cables.alert_saved_searches", retry=default_retry())
def alert_saved_searches_job(cable_id: str) -> None:
    """Tell owners of matching alerting saved searches about a new cable (idempotent)."""
    from chancery.documents.cables.search.alerts import check_cable

    check_cable(cable_id)

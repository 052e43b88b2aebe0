"""The job that e-mails a major travel-advisory update to its subscribers."""

from __future__ import annotations

from chancery.core.service import current_job_id, default_retry, job_task, report_progress


def _report(done: int, total: int) -> None:
    if current_job_id() is not None:  # run by a worker (not called directly, as tests do)
        report_progress(None, done, total)


@job_task(name="portal.send_advisory_alerts", queue="email", retry=default_retry())
def send_advisory_alerts(update_id: int) -> int:
    """Send the alerts of one advisory update (``advisories.send_alerts``), reporting progress
    after each batch; idempotent: a retried or duplicated job sends nothing twice."""
    from chancery.portal.advisories import send_alerts

    return send_alerts(update_id, progress=_report)

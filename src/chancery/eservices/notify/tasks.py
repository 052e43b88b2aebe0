"""Jobs of the notices: one per notice, retried with backoff, never sending twice."""

from __future__ import annotations

from chancery.core.service import default_retry, job_task


@job_task(name="eservices.send_notice_email", queue="email", retry=default_retry())
def send_notice_email(notice_id: int) -> None:
    """E-mail one notice (``notify.notices.deliver``); idempotent."""
    from chancery.eservices.notify.notices import deliver

    deliver(notice_id)


@job_task(name="eservices.send_notice_sms", queue="exchange", retry=default_retry())
def send_notice_sms(notice_id: int) -> None:
    """Text one notice through the configured SMS gateway (``notify.notices.deliver``)."""
    from chancery.eservices.notify.notices import deliver

    deliver(notice_id)

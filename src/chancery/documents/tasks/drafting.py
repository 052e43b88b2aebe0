"""Jobs of drafting and issuing: dispatch of an issued document, one job per recipient."""

from __future__ import annotations

from chancery.core.service import default_retry, job_task
from chancery.documents.dispatch import deliver


@job_task(name="documents.dispatch_recipient", queue="exchange", retry=default_retry())
def dispatch_recipient(recipient_id: int) -> None:
    """Send the issued document to one recipient. Idempotent: a recipient already sent is left
    alone; a failure is recorded on the recipient and retried with backoff."""
    deliver(recipient_id)

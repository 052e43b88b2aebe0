"""Jobs of records: the daily disposition proposal and the declassification review reminder.

Both are idempotent: records already proposed are no longer "due", and the reminder only
counts what each archivist may see (no classified content ever goes into a notification).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django import app

from chancery.core.jobs import job_task


def propose_due_dispositions_now() -> int:
    """Propose every due record (the system is the proposer); one batch for destruction and
    one for transfer. Notify archivists. Returns how many batches were proposed."""
    from django.db import transaction

    from chancery.core.service import Role, User, notify
    from chancery.documents.actions.records import due_for_disposition, propose_disposition
    from chancery.documents.models import Disposition

    proposed = 0
    with transaction.atomic():
        due = list(due_for_disposition().select_related("file_plan").order_by("pk"))
        permanent = [d for d in due if d.file_plan is not None and d.file_plan.is_permanent]
        fixed = [d for d in due if d not in permanent]
        for batch, action in (
            (fixed, Disposition.Action.DESTROY),
            (permanent, Disposition.Action.TRANSFER),
        ):
            if batch:
                propose_disposition(None, batch, action=action)
                proposed += 1
        if proposed:
            for archivist in User.objects.filter(
                is_active=True, roles__contains=[Role.ARCHIVIST.value]
            ):
                notify(
                    archivist,
                    "documents.disposition_due",
                    _("Records are due for disposition"),
                    "",
                    "/documents/records/dispositions/",
                )
    return proposed


def remind_declassification_review_now() -> int:
    """Tell each archivist how many documents they may see are past their protection date."""
    from chancery.core.service import Role, User, notify
    from chancery.documents.queries.records import review_queue

    reminded = 0
    for archivist in User.objects.filter(is_active=True, roles__contains=[Role.ARCHIVIST.value]):
        count = review_queue(archivist).count()
        if count:
            notify(
                archivist,
                "documents.declassification_review",
                _("Classified documents are due for review"),
                _("%(count)s documents have passed their protection date.") % {"count": count},
                "/documents/records/review/",
            )
            reminded += 1
    return reminded


@app.periodic(cron="30 2 * * *")
@job_task(
    name="documents.propose_due_dispositions",
    queueing_lock="documents.propose_due_dispositions",
    lock="documents.propose_due_dispositions",
)
def propose_due_dispositions(timestamp: int) -> None:
    """Daily: propose the records whose retention has passed."""
    propose_due_dispositions_now()


@app.periodic(cron="45 2 * * 1")
@job_task(
    name="documents.remind_declassification_review",
    queueing_lock="documents.remind_declassification_review",
    lock="documents.remind_declassification_review",
)
def remind_declassification_review(timestamp: int) -> None:
    """Weekly: remind archivists of the documents due for declassification review."""
    remind_declassification_review_now()

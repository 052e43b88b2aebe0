"""Writes of the national-portal area: retry a record now, pull the catalogue."""

from __future__ import annotations

from django.db import transaction

from chancery.core.service import User, record_audit
from chancery.eservices.constants import SyncStatus
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import SyncRecord
from chancery.eservices.national.queries import get_record_for_overseer
from chancery.eservices.national.sync import defer_push


class AlreadySent(EservicesError):
    code = "already-sent"
    status = 409

    def __init__(self) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(_("The national portal already accepted this record."))


def retry_now(actor: User, record_id: int) -> SyncRecord:
    """Make a failed or given-up sync record due now, with a fresh count of attempts, and
    queue the push of its dossier.

    Who may call: leaders and administrators (any record), unit heads (their unit's records).
    Refuses anyone else (``NotAllowed``) and a record already accepted (``AlreadySent``).
    """
    get_record_for_overseer(actor, record_id)
    with transaction.atomic():
        record = SyncRecord.objects.select_for_update().get(pk=record_id)
        if record.status == SyncStatus.SENT:
            raise AlreadySent()
        record.status = SyncStatus.PENDING
        record.attempts = 0
        record.next_attempt_at = None
        record.save(update_fields=["status", "attempts", "next_attempt_at"])
        record_audit(
            actor,
            "eservices.national_retry",
            record.dossier,
            data={"sequence": record.sequence, "operation": record.operation},
        )
        defer_push(record.dossier_id)
    return record

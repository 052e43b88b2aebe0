"""Pushing a dossier's sync records to the national portal, in order, with backoff.

One pusher per dossier at a time (a PostgreSQL advisory lock), so the job, the periodic sweep,
"retry now" and ``chancery eservices-national push`` may run together without sending a record
twice or out of order. Records of a dossier go strictly in sequence: a record waiting out its
backoff, or given up, holds back the later ones, so the portal never sees a status older than
one it already has. The portal dedupes on the sync key (``client.sync_key``), so a push whose
answer was lost is simply sent again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from chancery.eservices.constants import SyncStatus
from chancery.eservices.models import SyncRecord
from chancery.eservices.national.client import NationalPortal, PortalError, portal
from chancery.lib.advisory import try_advisory_lock

MAX_DELAY_SECONDS = 3600


def max_attempts() -> int:
    """Tries before a record is given up (``CHANCERY_NATIONAL_MAX_ATTEMPTS``, default 8)."""
    return int(getattr(settings, "CHANCERY_NATIONAL_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the ``attempts``-th failure: ``base ** attempts`` seconds, one hour at most."""
    base = int(getattr(settings, "CHANCERY_JOB_BACKOFF_SECONDS", 4))
    return dt.timedelta(seconds=min(base**attempts, MAX_DELAY_SECONDS))


@dataclass
class PushResult:
    sent: int = 0
    error: str = ""
    skipped: bool = False  # another pusher holds this dossier, or no portal is configured
    busy: bool = False  # another pusher holds this dossier
    retry_at: dt.datetime | None = None


def push_dossier(dossier_id: int, *, client: NationalPortal | None = None) -> PushResult:
    """Send the dossier's records that are due, in sequence order; stop at the first that
    fails (recording the error and the next try) or that is not yet due. Never raises for a
    portal problem."""
    result = PushResult()
    client = client or portal()
    if client is None:
        result.skipped = True
        return result
    with try_advisory_lock(f"chancery.eservices.national.{dossier_id}") as locked:
        if not locked:
            result.skipped = result.busy = True
            return result
        records = SyncRecord.objects.filter(dossier_id=dossier_id).exclude(status=SyncStatus.SENT)
        for record in records.select_related("dossier").order_by("sequence"):
            now = timezone.now()
            if record.status == SyncStatus.GAVE_UP:
                result.error = record.last_error
                break
            if record.next_attempt_at and record.next_attempt_at > now:
                result.retry_at = record.next_attempt_at
                break
            if not _send(client, record, result):
                break
    return result


def _send(client: NationalPortal, record: SyncRecord, result: PushResult) -> bool:
    record.attempts += 1
    try:
        answer = client.push(record)
    except PortalError as exc:
        record.last_error = str(exc)[:1000]
        if not exc.retryable or record.attempts >= max_attempts():
            record.status = SyncStatus.GAVE_UP
            record.next_attempt_at = None
        else:
            record.status = SyncStatus.FAILED
            record.next_attempt_at = timezone.now() + backoff(record.attempts)
            result.retry_at = record.next_attempt_at
        result.error = record.last_error
        record.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    record.status = SyncStatus.SENT
    record.sent_at = timezone.now()
    record.next_attempt_at = None
    record.last_error = ""
    record.response = answer
    record.save(
        update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error", "response"]
    )
    result.sent += 1
    return True


def due_dossiers(now: dt.datetime | None = None) -> list[int]:
    """Dossiers with a record waiting or failed whose next try has come."""
    now = now or timezone.now()
    return list(
        SyncRecord.objects.filter(status__in=[SyncStatus.PENDING, SyncStatus.FAILED])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("dossier_id", flat=True)
        .distinct()
    )


def sweep() -> int:
    """Push every dossier with a record due; returns how many records were sent."""
    client = portal()
    if client is None:
        return 0
    return sum(push_dossier(dossier_id, client=client).sent for dossier_id in due_dossiers())


def defer_push(dossier_id: int, *, at: dt.datetime | None = None) -> None:
    """Queue a push of the dossier (now, or at ``at``), inside the caller's transaction."""
    from chancery.eservices.national.tasks import national_push

    if not connection.in_atomic_block:
        raise RuntimeError("defer_push() must run inside the caller's transaction")
    task = national_push if at is None else national_push.configure(schedule_at=at)
    task.defer(dossier_id=dossier_id)

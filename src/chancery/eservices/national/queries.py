"""Permission-checked reads of the national-portal sync log.

- The per-dossier log: whoever may see the dossier (``eservices.queries``: handlers of the
  dossier's unit, ministry leaders).
- The overall page and "retry now": ministry leaders and administrators (every dossier), and
  unit heads (the dossiers of their own department or mission): they are the ones who chase a
  failing integration; officers see the state of their dossiers on each dossier's page.
Anything else answers 404, never 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, Q, QuerySet

from chancery.core.service import Role, User
from chancery.eservices.constants import SyncStatus
from chancery.eservices.exceptions import NotAllowed
from chancery.eservices.models import SyncRecord
from chancery.eservices.queries import get_dossier_for_staff, scope_unit_ids

if TYPE_CHECKING:
    import datetime as dt

    from chancery.eservices.models import Dossier


def can_oversee(user: User) -> bool:
    """May ``user`` open the overall sync page?"""
    return user.is_active and (
        user.has_role(Role.LEADER)
        or user.has_role(Role.ADMIN)
        or (user.has_role(Role.UNIT_HEAD) and user.unit_id is not None)
    )


def records_for_overseer(user: User) -> QuerySet[SyncRecord]:
    """The sync records ``user`` oversees (all for leaders and administrators, their unit's
    for a unit head); refuses anyone else with ``NotAllowed``."""
    if not can_oversee(user):
        raise NotAllowed()
    records = SyncRecord.objects.select_related("dossier__unit", "dossier__version__procedure")
    if user.has_role(Role.LEADER) or user.has_role(Role.ADMIN):
        return records
    return records.filter(dossier__unit_id__in=scope_unit_ids(user))


def get_record_for_overseer(user: User, record_id: int) -> SyncRecord:
    record = records_for_overseer(user).filter(pk=record_id).first()
    if record is None:
        raise NotAllowed()
    return record


def sync_log(user: User, dossier_id: int) -> tuple[Dossier, list[SyncRecord]]:
    """The dossier (if ``user`` may see it) and its sync records in sequence order."""
    dossier = get_dossier_for_staff(user, dossier_id)
    return dossier, list(dossier.sync_records.order_by("sequence"))


@dataclass
class Overview:
    pending: int
    failed: int
    gave_up: int
    sent: int
    last_success: dt.datetime | None
    oldest_pending: dt.datetime | None
    failing: list[SyncRecord]


def overview(user: User, *, limit: int = 100) -> Overview:
    """Counts by status, the last success, the oldest waiting record, and the failing
    records (failed or given up) with their last error: one aggregate and one list query."""
    records = records_for_overseer(user)
    waiting = Q(status__in=[SyncStatus.PENDING, SyncStatus.FAILED])
    totals = records.aggregate(
        pending=Count("pk", filter=Q(status=SyncStatus.PENDING)),
        failed=Count("pk", filter=Q(status=SyncStatus.FAILED)),
        gave_up=Count("pk", filter=Q(status=SyncStatus.GAVE_UP)),
        sent=Count("pk", filter=Q(status=SyncStatus.SENT)),
        last_success=Max("sent_at"),
        oldest_pending=Min("created_at", filter=waiting),
    )
    failing = list(
        records.filter(status__in=[SyncStatus.FAILED, SyncStatus.GAVE_UP]).order_by(
            "-status", "created_at"
        )[:limit]
    )
    return Overview(failing=failing, **totals)

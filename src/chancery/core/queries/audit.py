"""Reading the audit chain: what an administrator may see of it, filtered and paged by seq."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from chancery.core.models.audit import AuditEntry

if TYPE_CHECKING:
    from chancery.core.models import User

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    """What the search page filters on; empty values do not filter."""

    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None

    def as_data(self) -> dict[str, str]:
        """The filters in use, as recorded in the audit entry of the search."""
        values: dict[str, Any] = {
            "actor": self.actor,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "action": self.action,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    older: int | None  # cursor for the next page of older entries
    newer: int | None  # cursor for the page of newer entries


def entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """Entries at or below the user's own clearance (never a principal's); others are absent."""
    return AuditEntry.objects.filter(classification__lte=user.clearance)


def _filtered(user: User, filters: AuditFilters) -> QuerySet[AuditEntry]:
    prefix = filters.action.endswith("*")
    given: dict[str, object] = {
        "actor_label": filters.actor,
        "object_type": filters.object_type,
        "object_id": filters.object_id,
        "action__startswith" if prefix else "action": filters.action.removesuffix("*"),
        "at__gte": filters.since,
        "at__lte": filters.until,
    }
    return entries_visible_to(user).filter(
        **{lookup: value for lookup, value in given.items() if value}
    )


def search_entries(
    user: User,
    filters: AuditFilters,
    *,
    before: int | None = None,
    after: int | None = None,
    page_size: int = PAGE_SIZE,
) -> AuditPage:
    """One page of matching entries, newest first, by keyset on ``seq`` (one query).

    ``before`` pages towards older entries, ``after`` towards newer ones; keyset paging stays
    fast at any depth of a chain of millions of entries, where an offset would not.
    """
    # The details can be large; the list does not show them.
    entries = _filtered(user, filters).defer("data")
    if after is not None:
        rows = list(entries.filter(seq__gt=after).order_by("seq")[: page_size + 1])
        has_more = len(rows) > page_size
        rows = rows[:page_size][::-1]
        return AuditPage(rows, rows[-1].seq if rows else None, rows[0].seq if has_more else None)
    if before is not None:
        entries = entries.filter(seq__lt=before)
    rows = list(entries.order_by("-seq")[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    older = rows[-1].seq if has_more else None
    newer = rows[0].seq if before is not None and rows else None
    return AuditPage(rows, older, newer)


def get_entry_for_user(user: User, seq: int) -> AuditEntry:
    """The entry numbered ``seq``; 404 when absent or classified above the user's clearance."""
    try:
        return entries_visible_to(user).get(seq=seq)
    except AuditEntry.DoesNotExist as exc:
        raise Http404 from exc

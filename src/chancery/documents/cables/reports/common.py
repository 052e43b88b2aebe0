"""What a cable report covers, and the cables it counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from chancery.core.service import Unit
from chancery.documents.models import Cable, CableQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from chancery.core.service import User


@dataclass(frozen=True)
class ReportFilters:
    """A calendar year, optionally one originating post."""

    year: int
    post_id: int | None = None


def counted_cables(user: User | AnonymousUser, filters: ReportFilters) -> CableQuerySet:
    """The released cables ``user`` may read, released in the year (and from the post)."""
    cables = Cable.objects.visible_to(user).released().order_by()
    cables = cables.filter(released_at__year=filters.year)
    if filters.post_id is not None:
        cables = cables.filter(post_id=filters.post_id)
    return cables


def report_posts() -> QuerySet[Unit]:
    """The posts a report may be narrowed to (unit names are not secret)."""
    return Unit.objects.filter(active=True).order_by("code")


def report_years(today: dt.date | None = None) -> list[int]:
    """Years offered in the filter: this one and the five before it."""
    year = (today or timezone.localdate()).year
    return list(range(year, year - 6, -1))

"""Volumes of released cables by precedence, originating post, tag and month."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils.translation import get_language

from chancery.documents.cables.reports.common import ReportFilters, counted_cables
from chancery.documents.models import CableTag, PrecedenceLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User


@dataclass(frozen=True)
class Tally:
    """One bar of a chart: a key (code), what people read, and how many cables."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: int
    count: int


def _localised(row: Mapping[str, Any], prefix: str) -> str:
    language = (get_language() or "vi")[:2]
    return str(row.get(f"{prefix}name_{language}") or row[f"{prefix}name_vi"])


def volumes_by_precedence(user: User | AnonymousUser, filters: ReportFilters) -> list[Tally]:
    """Every active precedence level, most urgent first, zeros kept (one query each way)."""
    counts = dict(
        counted_cables(user, filters)
        .values_list("precedence_id")
        .annotate(n=Count("pk"))
        .values_list("precedence_id", "n")
    )
    levels = PrecedenceLevel.objects.filter(active=True) | PrecedenceLevel.objects.filter(
        pk__in=list(counts)
    )
    return [
        Tally(level.code, level.name, counts.get(level.pk, 0))
        for level in levels.distinct().order_by("rank")
    ]


def volumes_by_post(user: User | AnonymousUser, filters: ReportFilters) -> list[Tally]:
    """Cables per originating post, busiest first."""
    fields = ("post__code", "post__name_vi", "post__name_en", "post__name_fr")
    rows = counted_cables(user, filters).values(*fields).annotate(n=Count("pk"))
    result = [Tally(row["post__code"], _localised(row, "post__"), row["n"]) for row in rows]
    return sorted(result, key=lambda tally: (-tally.count, tally.key))


def volumes_by_tag(user: User | AnonymousUser, filters: ReportFilters) -> list[Tally]:
    """Cables per tag (a cable with three tags counts once under each), busiest first."""
    inner, params = counted_cables(user, filters).values("tags").query.sql_with_params()
    sql = f"SELECT tag, COUNT(*) FROM ({inner}) AS c, unnest(c.tags) AS tag GROUP BY tag"  # noqa: S608 - the inner query is Django's, with its parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        counts: dict[str, int] = dict(cursor.fetchall())
    names = {
        row["code"]: _localised(row, "")
        for row in CableTag.objects.filter(code__in=counts).values(
            "code", "name_vi", "name_en", "name_fr"
        )
    }
    result = [Tally(code, names.get(code, code), n) for code, n in counts.items()]
    return sorted(result, key=lambda tally: (-tally.count, tally.key))


def monthly_volumes(user: User | AnonymousUser, filters: ReportFilters) -> list[MonthCount]:
    """Cables released in each month of the year (all twelve, zeros kept)."""
    counts = dict(
        counted_cables(user, filters)
        .annotate(month=ExtractMonth("released_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [MonthCount(month, counts.get(month, 0)) for month in range(1, 13)]

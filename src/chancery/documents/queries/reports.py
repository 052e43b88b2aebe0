"""Statistics of official documents: volumes per month and per unit, timeliness of handling.

Every figure is counted in SQL (``GROUP BY``) over ``documents_visible_to(user)`` only, so a
person never learns, even as a count, of a document they may not read. A report is three
queries whatever the number of documents.

Definitions (also in docs/documents-reports.md):

- A document counts in a month's *volume* by the date it entered or left the ministry:
  incoming ones by ``received_at`` (else ``registered_at``, else ``created_at``), once
  registered (not while waiting for registration, nor when returned to the sender); outgoing
  ones by ``issued_at``, once issued.
- *Timeliness* looks at documents with a deadline (``due_date``) falling in the year, other
  than withdrawn or returned ones. *On time*: completed on or before the deadline (the date of
  ``completed_at`` in the ministry's time zone). *Late*: completed after it. *Overdue*: still
  open with the deadline past. *Pending*: open, deadline not yet past. The on-time rate is
  on time / (on time + late + overdue); the overdue rate is (late + overdue) / the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone
from django.utils.translation import get_language

from chancery.core.service import Unit, UnitKind
from chancery.documents.constants import Direction, Status
from chancery.documents.queries.documents import documents_visible_to

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.service import User

MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL, UnitKind.PERMANENT_MISSION)
NOT_REGISTERED = (Status.RECEIVED, Status.RETURNED)
NOT_JUDGED = (Status.WITHDRAWN, Status.RETURNED)


@dataclass(frozen=True)
class ReportFilters:
    """What a report covers: a calendar year, optionally one unit (with the units directly
    under it) and one direction."""

    year: int
    unit_id: int | None = None
    direction: str | None = None


@dataclass(frozen=True)
class MonthVolume:
    month: int
    incoming: int
    outgoing: int

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


@dataclass(frozen=True)
class UnitVolume:
    unit_id: int
    code: str
    name: str
    is_mission: bool
    incoming: int
    outgoing: int

    @property
    def total(self) -> int:
        return self.incoming + self.outgoing


@dataclass(frozen=True)
class Timeliness:
    """Handling against deadlines of one unit (or of everything, in ``Report.totals``)."""

    unit_id: int | None
    code: str
    name: str
    is_mission: bool
    on_time: int
    late: int
    overdue: int
    pending: int

    @property
    def judged(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def with_deadline(self) -> int:
        return self.judged + self.pending

    @property
    def on_time_rate(self) -> float | None:
        """Share of judged documents handled on time (0..1), ``None`` when none is judged."""
        return self.on_time / self.judged if self.judged else None

    @property
    def overdue_rate(self) -> float | None:
        """Share of judged documents completed late or still open past their deadline."""
        return (self.late + self.overdue) / self.judged if self.judged else None


@dataclass(frozen=True)
class Report:
    filters: ReportFilters
    months: list[MonthVolume]
    units: list[UnitVolume]
    timeliness: list[Timeliness]
    totals: Timeliness = field(default_factory=lambda: Timeliness(None, "", "", False, 0, 0, 0, 0))

    @property
    def incoming(self) -> int:
        return sum(month.incoming for month in self.months)

    @property
    def outgoing(self) -> int:
        return sum(month.outgoing for month in self.months)


def _scoped(user: User | AnonymousUser, filters: ReportFilters) -> QuerySet[Any]:
    queryset: QuerySet[Any] = documents_visible_to(user).order_by()
    if filters.unit_id is not None:
        queryset = queryset.filter(Q(unit_id=filters.unit_id) | Q(unit__parent_id=filters.unit_id))
    if filters.direction:
        queryset = queryset.filter(direction=filters.direction)
    return queryset


def _volume_rows(user: User | AnonymousUser, filters: ReportFilters) -> QuerySet[Any]:
    incoming = Q(direction=Direction.INCOMING) & ~Q(status__in=NOT_REGISTERED)
    outgoing = Q(direction=Direction.OUTGOING, issued_at__isnull=False)
    moment = Coalesce("issued_at", "received_at", "registered_at", "created_at")
    rows: QuerySet[Any] = (
        _scoped(user, filters)
        .filter(incoming | outgoing)
        .annotate(moment=moment)
        .annotate(moment_year=ExtractYear("moment"))
        .filter(moment_year=filters.year)
    )
    return rows


_COUNTS = {
    "incoming": Count("pk", filter=Q(direction=Direction.INCOMING)),
    "outgoing": Count("pk", filter=Q(direction=Direction.OUTGOING)),
}


def monthly_volumes(user: User | AnonymousUser, filters: ReportFilters) -> list[MonthVolume]:
    """Incoming and outgoing documents of each month of the year (all twelve, zeros kept)."""
    rows = (
        _volume_rows(user, filters)
        .annotate(month=ExtractMonth("moment"))
        .values("month")
        .annotate(**_COUNTS)
    )
    counts = {row["month"]: row for row in rows}
    return [
        MonthVolume(
            month,
            counts.get(month, {}).get("incoming", 0),
            counts.get(month, {}).get("outgoing", 0),
        )
        for month in range(1, 13)
    ]


def _name(row: dict[str, Any]) -> str:
    language = (get_language() or "vi")[:2]
    return str(row.get(f"unit__name_{language}") or row["unit__name_vi"])


_UNIT_FIELDS: tuple[str, ...] = ("unit_id", "unit__code", "unit__kind", "unit__name_vi")
_UNIT_FIELDS += ("unit__name_en", "unit__name_fr")


def unit_volumes(user: User | AnonymousUser, filters: ReportFilters) -> list[UnitVolume]:
    """Incoming and outgoing documents of the year per holding unit, busiest first."""
    rows = _volume_rows(user, filters).values(*_UNIT_FIELDS).annotate(**_COUNTS)
    result = [
        UnitVolume(
            row["unit_id"],
            row["unit__code"],
            _name(row),
            row["unit__kind"] in MISSION_KINDS,
            row["incoming"],
            row["outgoing"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda row: (-row.total, row.code))


def _timeliness_counts(today: dt.date) -> dict[str, Count]:
    done_on = TruncDate("completed_at")
    return {
        "on_time": Count("pk", filter=Q(completed_at__isnull=False, due_date__gte=done_on)),
        "late": Count("pk", filter=Q(completed_at__isnull=False, due_date__lt=done_on)),
        "overdue": Count("pk", filter=Q(completed_at__isnull=True, due_date__lt=today)),
        "pending": Count("pk", filter=Q(completed_at__isnull=True, due_date__gte=today)),
    }


def unit_timeliness(
    user: User | AnonymousUser, filters: ReportFilters, today: dt.date | None = None
) -> list[Timeliness]:
    """On-time and overdue figures per holding unit for deadlines in the year, worst first."""
    today = today or timezone.localdate()
    rows = (
        _scoped(user, filters)
        .filter(due_date__year=filters.year)
        .exclude(status__in=NOT_JUDGED)
        .values(*_UNIT_FIELDS)
        .annotate(**_timeliness_counts(today))
    )
    result = [
        Timeliness(
            row["unit_id"],
            row["unit__code"],
            _name(row),
            row["unit__kind"] in MISSION_KINDS,
            row["on_time"],
            row["late"],
            row["overdue"],
            row["pending"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda row: (-(row.overdue_rate or 0), row.code))


def _total(rows: list[Timeliness]) -> Timeliness:
    return Timeliness(
        None,
        "",
        "",
        False,
        sum(row.on_time for row in rows),
        sum(row.late for row in rows),
        sum(row.overdue for row in rows),
        sum(row.pending for row in rows),
    )


def documents_report(
    user: User | AnonymousUser, filters: ReportFilters, today: dt.date | None = None
) -> Report:
    """The whole report for ``user``: three SQL queries over what ``user`` may read."""
    timeliness = unit_timeliness(user, filters, today)
    return Report(
        filters=filters,
        months=monthly_volumes(user, filters),
        units=unit_volumes(user, filters),
        timeliness=timeliness,
        totals=_total(timeliness),
    )


def report_units() -> QuerySet[Unit]:
    """The units a report may be narrowed to (unit names are not secret)."""
    return Unit.objects.filter(active=True).order_by("code")


def report_years(today: dt.date | None = None) -> list[int]:
    """Years offered in the filter: this one and the five before it."""
    year = (today or timezone.localdate()).year
    return list(range(year, year - 6, -1))


@dataclass(frozen=True)
class Table:
    """One table of a report as exported: a sheet of the workbook, or a CSV file."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[object]]


def _rate(value: float | None) -> object:
    return round(value, 4) if value is not None else ""


def report_tables(report: Report) -> list[Table]:
    """The report's figures as plain tables (months, units, timeliness), for export."""
    from django.utils.translation import gettext as _

    months = Table(
        "months",
        _("Volumes by month"),
        [_("Month"), _("Incoming"), _("Outgoing"), _("Total")],
        [[m.month, m.incoming, m.outgoing, m.total] for m in report.months],
    )
    units = Table(
        "units",
        _("Volumes by unit"),
        [_("Unit code"), _("Unit"), _("Mission"), _("Incoming"), _("Outgoing"), _("Total")],
        [
            [u.code, u.name, int(u.is_mission), u.incoming, u.outgoing, u.total]
            for u in report.units
        ],
    )
    headers = [_("Unit code"), _("Unit"), _("Mission"), _("On time"), _("Late")]
    headers += [_("Overdue"), _("Pending"), _("On-time rate"), _("Overdue rate")]
    timeliness = Table(
        "timeliness",
        _("Timeliness by unit"),
        headers,
        [
            [
                *(t.code, t.name, int(t.is_mission), t.on_time, t.late, t.overdue, t.pending),
                *(_rate(t.on_time_rate), _rate(t.overdue_rate)),
            ]
            for t in report.timeliness
        ],
    )
    return [months, units, timeliness]

"""Reports of official documents as JSON: volumes per month and unit, timeliness per unit.

Counted over the documents the caller may read only (see ``queries.reports``).
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from chancery.core.service import Unit, require_scope
from chancery.documents.constants import SCOPE_READ, Direction
from chancery.documents.queries.reports import ReportFilters, documents_report
from chancery.lib.problems import Problem

router = Router(tags=["documents"])


class ReportQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Calendar year (default: this).")
    unit: str | None = Field(None, description="Unit code: the unit and the units under it.")
    direction: Direction | None = None


class MonthVolumeOut(Schema):
    month: int
    incoming: int
    outgoing: int
    total: int


class UnitVolumeOut(Schema):
    unit: str = Field(..., alias="code")
    name: str
    is_mission: bool
    incoming: int
    outgoing: int
    total: int


class TimelinessOut(Schema):
    unit: str = Field(..., alias="code")
    name: str
    is_mission: bool
    on_time: int
    late: int
    overdue: int
    pending: int
    on_time_rate: float | None
    overdue_rate: float | None


class TotalsOut(Schema):
    incoming: int
    outgoing: int
    on_time: int
    late: int
    overdue: int
    pending: int
    on_time_rate: float | None
    overdue_rate: float | None


class DocumentsReportOut(Schema):
    year: int
    unit: str | None
    direction: str | None
    months: list[MonthVolumeOut]
    units: list[UnitVolumeOut]
    timeliness: list[TimelinessOut]
    totals: TotalsOut


def _unit_id(code: str | None) -> int | None:
    if code is None:
        return None
    pk = Unit.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise Problem(422, _("Unknown unit."))
    return int(pk)


@router.get("/reports", response=DocumentsReportOut, summary="Volumes and timeliness of documents")
@require_scope(SCOPE_READ.code)
def official_documents_report(request: HttpRequest, filters: Query[ReportQuery]) -> Any:
    wanted = ReportFilters(
        year=filters.year or timezone.localdate().year,
        unit_id=_unit_id(filters.unit),
        direction=filters.direction,
    )
    report = documents_report(request.user, wanted)
    totals = report.totals
    return {
        "year": wanted.year,
        "unit": filters.unit,
        "direction": filters.direction,
        "months": report.months,
        "units": report.units,
        "timeliness": report.timeliness,
        "totals": {
            "incoming": report.incoming,
            "outgoing": report.outgoing,
            "on_time": totals.on_time,
            "late": totals.late,
            "overdue": totals.overdue,
            "pending": totals.pending,
            "on_time_rate": totals.on_time_rate,
            "overdue_rate": totals.overdue_rate,
        },
    }

"""Cables API: reports, the same figures as the reports page (``cables.reports``).

Counted over the cables the caller may read only.
"""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from chancery.core.service import Unit, require_scope
from chancery.documents.cables.constants import SCOPE_READ
from chancery.documents.cables.reports import ReportFilters, cables_report
from chancery.lib.problems import Problem

router = Router()


class CableReportQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Calendar year (default: this).")
    post: str | None = Field(None, description="Code of the originating post.")


class TallyOut(Schema):
    code: str = Field(..., alias="key")
    name: str = Field(..., alias="label")
    count: int


class CableMonthOut(Schema):
    month: int
    count: int


class AcknowledgementOut(Schema):
    precedence: str = Field(..., alias="code")
    name: str = Field(..., alias="label")
    target_minutes: int
    required: int
    acknowledged: int
    within_target: int
    pending: int
    share_within_target: float | None = Field(..., alias="within_share")
    median_minutes: float | None
    p90_minutes: float | None
    alerts: int
    escalations: int


class CableReportOut(Schema):
    year: int
    post: str | None
    total: int
    by_precedence: list[TallyOut]
    by_post: list[TallyOut]
    by_tag: list[TallyOut]
    by_month: list[CableMonthOut]
    acknowledgement: list[AcknowledgementOut]


def _post_id(code: str | None) -> int | None:
    if code is None:
        return None
    pk = Unit.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise Problem(422, _("Unknown post."))
    return int(pk)


@router.get(
    "/reports",
    response=CableReportOut,
    summary="Volumes of cables and acknowledgement times against targets",
)
@require_scope(SCOPE_READ.code)
def cables_report_figures(request: HttpRequest, filters: Query[CableReportQuery]) -> Any:
    wanted = ReportFilters(
        year=filters.year or timezone.localdate().year, post_id=_post_id(filters.post)
    )
    report = cables_report(request.user, wanted)
    return {
        "year": wanted.year,
        "post": filters.post,
        "total": report.total,
        "by_precedence": report.precedences,
        "by_post": report.posts,
        "by_tag": report.tags,
        "by_month": report.months,
        "acknowledgement": report.acknowledgement,
    }

"""API of the statistics under ``/api/v1/eservices/stats``: the same figures as the staff page,
counted over the dossiers the caller may see (404 for a caller who handles no dossiers)."""

# No ``from __future__ import annotations``: Ninja reads the annotations at run time.

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from chancery.core.service import User, require_scope
from chancery.eservices.queries import is_handler
from chancery.eservices.stats.queries import StatsFilters, StatsRow, stats_by, totals
from chancery.lib.problems import Problem

router = Router(tags=["eservices"])


class StatsQuery(Schema):
    start: dt.date | None = Field(None, description="First day received (default: 1 January).")
    end: dt.date | None = Field(None, description="Last day received (default: today).")
    by: Literal["procedure", "unit", "network"] = "unit"
    field: int | None = Field(None, description="Procedure field id.")
    unit: int | None = Field(None, description="Handling unit id.")


class StatsRowOut(Schema):
    key: str
    label: str
    received: int
    online: int
    online_rate: float | None
    completed: int
    on_time: int
    on_time_rate: float | None
    payments: int
    online_payments: int
    online_payment_rate: float | None
    ratings: int
    rating_average: float | None


class StatsOut(Schema):
    start: dt.date
    end: dt.date
    by: str
    rows: list[StatsRowOut]
    total: StatsRowOut


def _out(row: StatsRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in StatsRowOut.model_fields}


@router.get("/stats", response=StatsOut, summary="Online, on-time, payment and satisfaction rates")
@require_scope("read:eservices")
def stats_summary(request: HttpRequest, query: Query[StatsQuery]) -> Any:
    user = request.user
    if not isinstance(user, User) or not is_handler(user):
        raise Problem(404, _("Not found."))
    today = timezone.localdate()
    start = query.start or dt.date(today.year, 1, 1)
    end = query.end or today
    if start > end:
        raise Problem(422, _("The end date must be on or after the start date."))
    filters = StatsFilters(start=start, end=end, field_id=query.field, unit_id=query.unit)
    return {
        "start": start,
        "end": end,
        "by": query.by,
        "rows": [_out(row) for row in stats_by(user, filters, query.by)],
        "total": _out(totals(user, filters)),
    }

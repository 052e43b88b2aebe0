"""Staff statistics page with charts and tables, and its CSV export.

Who may open them: anyone who handles dossiers (``queries.is_handler``); the figures count only
the dossiers the reader may see (their unit's; all for a ministry leader). Others get 404.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chancery.core.service import Unit, User
from chancery.eservices.models import ProcedureField
from chancery.eservices.queries import is_handler
from chancery.eservices.stats.queries import (
    DIMENSIONS,
    Dimension,
    StatsFilters,
    StatsRow,
    stats_by,
    totals,
)
from chancery.lib.charts import BarChart, bar_chart

_SELECT = forms.Select(attrs={"class": "usa-select"})
_DATE = forms.DateInput(attrs={"class": "usa-input", "type": "date"}, format="%Y-%m-%d")
DIMENSION_LABELS = {
    "procedure": gettext_lazy("Procedure"),
    "unit": gettext_lazy("Unit or mission"),
    "network": gettext_lazy("Headquarters and missions"),
}


class StatsForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=_DATE)
    end = forms.DateField(label=gettext_lazy("To"), widget=_DATE)
    by = forms.ChoiceField(
        label=gettext_lazy("Group by"), choices=list(DIMENSION_LABELS.items()), widget=_SELECT
    )
    field = forms.ModelChoiceField(
        label=gettext_lazy("Field"),
        queryset=ProcedureField.objects.all(),
        required=False,
        empty_label=gettext_lazy("All fields"),
        widget=_SELECT,
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit or mission"),
        queryset=Unit.objects.filter(active=True).order_by("code"),
        required=False,
        empty_label=gettext_lazy("All units you may see"),
        widget=_SELECT,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data

    def filters(self) -> tuple[StatsFilters, Dimension]:
        """The filters asked for; this year to today when the form is empty or invalid."""
        today = timezone.localdate()
        if not self.is_valid():
            return StatsFilters(start=dt.date(today.year, 1, 1), end=today), "unit"
        unit, field = self.cleaned_data["unit"], self.cleaned_data["field"]
        dimension: Dimension = self.cleaned_data["by"]
        return (
            StatsFilters(
                start=self.cleaned_data["start"],
                end=self.cleaned_data["end"],
                field_id=field.pk if field else None,
                unit_id=unit.pk if unit else None,
            ),
            dimension if dimension in DIMENSIONS else "unit",
        )


def _form(request: HttpRequest) -> StatsForm:
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("start", dt.date(today.year, 1, 1).isoformat())
    data.setdefault("end", today.isoformat())
    data.setdefault("by", "unit")
    return StatsForm(data)


def _handler(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not is_handler(user):
        raise Http404
    return user


def _chart(
    key: str,
    title: str,
    items: list[tuple[str, float | None]],
    *,
    maximum: float = 100,
    suffix: str = "%",
) -> BarChart:
    """A chart of the first 15 rows with a figure ("–" in the table for the others)."""
    return bar_chart(key, title, items, maximum=maximum, suffix=suffix, limit=15, label_length=32)


def charts(rows: list[StatsRow]) -> list[BarChart]:
    return [
        _chart("online", _("Online-application rate"), [(r.label, r.online_rate) for r in rows]),
        _chart("on-time", _("On-time rate"), [(r.label, r.on_time_rate) for r in rows]),
        _chart(
            "online-payment",
            _("Online-payment rate"),
            [(r.label, r.online_payment_rate) for r in rows],
        ),
        _chart(
            "satisfaction",
            _("Average satisfaction (out of 5)"),
            [(r.label, r.rating_average) for r in rows],
            maximum=5,
            suffix="",
        ),
    ]


@login_required
@require_GET
def stats_page(request: HttpRequest) -> HttpResponse:
    user = _handler(request)
    form = _form(request)
    filters, dimension = form.filters()
    rows = stats_by(user, filters, dimension)
    return render(
        request,
        "eservices/stats/index.html",
        {
            "form": form,
            "filters": filters,
            "dimension_label": DIMENSION_LABELS[dimension],
            "rows": rows,
            "total": totals(user, filters),
            "charts": charts(rows),
            "query": request.GET.urlencode(),
        },
    )


CSV_HEADERS = (
    "key",
    "name",
    "received",
    "online",
    "online_rate",
    "completed",
    "on_time",
    "on_time_rate",
    "payments",
    "online_payments",
    "online_payment_rate",
    "ratings",
    "rating_average",
)


def _safe(cell: object) -> object:
    """Keep a spreadsheet from reading a cell as a formula."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return "" if cell is None else cell


def rows_to_csv(rows: list[StatsRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADERS)
    for row in rows:
        writer.writerow(
            [
                _safe(value)
                for value in (
                    row.key,
                    row.label,
                    row.received,
                    row.online,
                    row.online_rate,
                    row.completed,
                    row.on_time,
                    row.on_time_rate,
                    row.payments,
                    row.online_payments,
                    row.online_payment_rate,
                    row.ratings,
                    row.rating_average,
                )
            ]
        )
    return out.getvalue()


@login_required
@require_GET
def stats_csv(request: HttpRequest) -> HttpResponse:
    user = _handler(request)
    filters, dimension = _form(request).filters()
    rows = [*stats_by(user, filters, dimension), totals(user, filters)]
    response = HttpResponse(rows_to_csv(rows), content_type="text/csv; charset=utf-8")
    name = f"eservices-{dimension}-{filters.start:%Y%m%d}-{filters.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

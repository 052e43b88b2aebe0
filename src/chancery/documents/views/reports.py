"""Reports on official documents: volumes and timeliness, with charts and CSV/XLSX exports.

Every figure comes from ``queries.reports`` and so only counts documents the reader may see.
Charts are inline SVG drawn on the server (no script), each followed by the same figures in a
table for screen readers and for people who prefer numbers.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chancery.documents.constants import Direction
from chancery.documents.queries.reports import (
    Report,
    ReportFilters,
    Table,
    documents_report,
    report_tables,
    report_units,
    report_years,
)

if TYPE_CHECKING:
    from chancery.documents.models import Document

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Chart geometry, in SVG user units.
_MONTH_WIDTH, _PLOT_HEIGHT, _ROW_HEIGHT, _BAR_SPAN = 52, 200, 30, 300


_SELECT = forms.Select(attrs={"class": "usa-select"})


class ReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, widget=_SELECT)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit or mission"),
        queryset=report_units(),
        required=False,
        empty_label=gettext_lazy("All units"),
        widget=_SELECT,
    )
    direction = forms.ChoiceField(
        label=gettext_lazy("Direction"),
        required=False,
        choices=[("", gettext_lazy("Both")), *Direction.choices],
        widget=_SELECT,
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        field: Any = self.fields["year"]
        field.choices = [(year, str(year)) for year in report_years()]

    def filters(self) -> ReportFilters:
        """The filters asked for; this year, everything, when the form is empty or invalid."""
        if not self.is_valid():
            return ReportFilters(year=timezone.localdate().year)
        unit = self.cleaned_data["unit"]
        return ReportFilters(
            year=self.cleaned_data["year"],
            unit_id=unit.pk if unit else None,
            direction=self.cleaned_data["direction"] or None,
        )


def _form(request: HttpRequest) -> ReportForm:
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    return ReportForm(data)


def month_bars(report: Report) -> dict[str, Any]:
    """Geometry of the grouped bar chart of incoming and outgoing documents per month."""
    top = max((max(m.incoming, m.outgoing) for m in report.months), default=0) or 1
    bars = []
    for index, month in enumerate(report.months):
        x = 40 + index * _MONTH_WIDTH
        heights = [round(count * _PLOT_HEIGHT / top) for count in (month.incoming, month.outgoing)]
        bars.append(
            {
                "month": month,
                "label_x": x + 22,
                "incoming": {"x": x + 2, "y": 20 + _PLOT_HEIGHT - heights[0], "h": heights[0]},
                "outgoing": {"x": x + 22, "y": 20 + _PLOT_HEIGHT - heights[1], "h": heights[1]},
            }
        )
    return {"bars": bars, "top": top, "axis_y": 20 + _PLOT_HEIGHT, "width": 40 + 12 * 52}


def timeliness_bars(report: Report) -> dict[str, Any]:
    """Geometry of the horizontal bar chart of each unit's on-time rate."""
    rows = [row for row in report.timeliness if row.on_time_rate is not None]
    bars = [
        {
            "row": row,
            "y": index * _ROW_HEIGHT,
            "width": round((row.on_time_rate or 0) * _BAR_SPAN),
            "percent": round((row.on_time_rate or 0) * 100),
        }
        for index, row in enumerate(rows)
    ]
    return {"bars": bars, "height": max(len(bars), 1) * _ROW_HEIGHT}


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    report = documents_report(request.user, form.filters())
    query = request.GET.urlencode()
    return render(
        request,
        "documents/reports/index.html",
        {
            "form": form,
            "report": report,
            "month_chart": month_bars(report),
            "timeliness_chart": timeliness_bars(report),
            "query": query,
        },
    )


def _filename(report: Report, extension: str) -> str:
    return f"documents-report-{report.filters.year}.{extension}"


def _safe(value: object) -> object:
    # A cell starting with = + - @ is a formula to spreadsheet programs: neutralise it.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def tables_to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows([[_safe(cell) for cell in row] for row in table.rows])
    return out.getvalue()


def tables_to_xlsx(tables: list[Table]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        sheet.append(table.headers)
        for row in table.rows:
            sheet.append([_safe(cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    report = documents_report(request.user, _form(request).filters())
    tables = {table.key: table for table in report_tables(report)}
    table = tables.get(request.GET.get("table", ""), tables["months"])
    response = HttpResponse("\ufeff" + tables_to_csv(table), content_type="text/csv; charset=utf-8")
    name = _filename(report, f"{table.key}.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    report = documents_report(request.user, _form(request).filters())
    response = HttpResponse(tables_to_xlsx(report_tables(report)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


urlpatterns: list[URLPattern] = [
    path("reports/", reports, name="reports"),
    path("reports/export.csv", export_csv, name="reports-csv"),
    path("reports/export.xlsx", export_xlsx, name="reports-xlsx"),
]


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """Reports have no section on a document's page."""
    return None

"""Reports on cables: volumes by precedence, post, tag and month, acknowledgement times.

Every figure comes from ``cables.reports`` and so only counts cables the reader may see.
Charts are inline SVG drawn on the server (no script), each followed by the same figures in a
table; CSV exports reuse the documents reports' writer (formula-safe cells).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from chancery.documents.cables.reports import (
    CableReport,
    ReportFilters,
    Tally,
    cables_report,
    report_posts,
    report_tables,
    report_years,
)
from chancery.documents.views.reports import tables_to_csv
from chancery.lib.charts import BarChart
from chancery.lib.charts import bar_chart as draw_bars

# Geometry of the month chart, in SVG user units (the bar charts' is in lib.charts).
_MONTH_WIDTH, _PLOT_HEIGHT = 52, 200
# Posts and tags beyond these are in the tables and the CSV, not in the charts.
_TOP_POSTS, _TOP_TAGS = 12, 15

_SELECT = forms.Select(attrs={"class": "usa-select"})


class CableReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, widget=_SELECT)
    post = forms.ModelChoiceField(
        label=gettext_lazy("Originating post"),
        queryset=report_posts(),
        required=False,
        empty_label=gettext_lazy("All posts"),
        widget=_SELECT,
    )

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        field: Any = self.fields["year"]
        field.choices = [(year, str(year)) for year in report_years()]

    def filters(self) -> ReportFilters:
        """The filters asked for; this year, every post, when the form is empty or invalid."""
        if not self.is_valid():
            return ReportFilters(year=timezone.localdate().year)
        post = self.cleaned_data["post"]
        return ReportFilters(year=self.cleaned_data["year"], post_id=post.pk if post else None)


def _form(request: HttpRequest) -> CableReportForm:
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    return CableReportForm(data)


def bar_chart(
    key: str, title: str, rows: list[tuple[str, float]], percent: bool = False
) -> BarChart:
    """A horizontal bar chart: one labelled bar per row, scaled to the largest (or to 100,
    printed as whole percents, when ``percent``)."""
    if percent:
        return draw_bars(key, title, rows, maximum=100, suffix="%", digits=0)
    return draw_bars(key, title, rows)


def month_chart(report: CableReport) -> dict[str, Any]:
    """Geometry of the column chart of cables released per month."""
    top = max((month.count for month in report.months), default=0) or 1
    columns = []
    for index, month in enumerate(report.months):
        height = round(month.count * _PLOT_HEIGHT / top)
        x = 40 + index * _MONTH_WIDTH
        columns.append(
            {
                "month": month,
                "x": x + 8,
                "label_x": x + 26,
                "y": 20 + _PLOT_HEIGHT - height,
                "h": height,
            }
        )
    return {
        "columns": columns,
        "top": top,
        "axis_y": 20 + _PLOT_HEIGHT,
        "width": 40 + 12 * _MONTH_WIDTH,
    }


def _tallies(rows: list[Tally], limit: int | None = None) -> list[tuple[str, float]]:
    return [(row.key, row.count) for row in rows[:limit]]


def charts(report: CableReport) -> dict[str, Any]:
    """Every chart of the page, each with the title its SVG announces."""
    judged = [
        (row.code, (row.within_share or 0) * 100) for row in report.acknowledgement if row.judged
    ]
    return {
        "months": month_chart(report),
        "precedence": bar_chart(
            "precedence", gettext("Cables by precedence"), _tallies(report.precedences)
        ),
        "posts": bar_chart(
            "posts",
            gettext("Cables by originating post (busiest)"),
            _tallies(report.posts, _TOP_POSTS),
        ),
        "tags": bar_chart(
            "tags", gettext("Cables by tag (most used)"), _tallies(report.tags, _TOP_TAGS)
        ),
        "ack": bar_chart(
            "ack",
            gettext("Share of acknowledgements within target, per precedence"),
            judged,
            percent=True,
        ),
    }


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    report = cables_report(request.user, form.filters())
    return render(
        request,
        "cables/reports/index.html",
        {
            "form": form,
            "report": report,
            "charts": charts(report),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    report = cables_report(request.user, _form(request).filters())
    tables = {table.key: table for table in report_tables(report)}
    table = tables.get(request.GET.get("table", ""), tables["months"])
    response = HttpResponse("\ufeff" + tables_to_csv(table), content_type="text/csv; charset=utf-8")
    name = f"cables-report-{report.filters.year}.{table.key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns: list[URLPattern] = [
    path("reports/", reports, name="reports"),
    path("reports/export.csv", export_csv, name="reports-csv"),
]

"""Background jobs in the UI: the administrators' failed-jobs page and a job's progress.

Retrying is a plain POST form, so it works without JavaScript. Progress is polled by htmx
every two seconds; without JavaScript the page refreshes itself until the job is finished.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chancery.core.actions.jobs import JobNotRetryable, retry_job
from chancery.core.constants import Role
from chancery.core.decorators import role_required
from chancery.core.queries.jobs import (
    StatusCount,
    failed_job_filters,
    failed_jobs,
    progress_for,
    status_counts,
)

if TYPE_CHECKING:
    from chancery.core.models import User

PAGE_SIZE = 25
# The chart's bars are drawn in a 300-unit wide band, after a 140-unit label column.
_BAR_SPAN = 300
_ROW_HEIGHT = 32


def chart_bars(counts: list[StatusCount]) -> list[dict[str, Any]]:
    """Geometry of the status bar chart, scaled to the largest count."""
    top = max((row.count for row in counts), default=0) or 1
    return [
        {
            "row": row,
            "y": index * _ROW_HEIGHT,
            "width": round(row.count * _BAR_SPAN / top),
        }
        for index, row in enumerate(counts)
    ]


def _filters(data: Any) -> dict[str, str]:
    return {key: str(data.get(key, ""))[:128] for key in ("queue", "task") if data.get(key)}


@role_required(Role.ADMIN)
def jobs(request: HttpRequest) -> HttpResponse:
    filters = _filters(request.GET)
    page = Paginator(failed_jobs(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = status_counts()
    queues, tasks = failed_job_filters()
    return render(
        request,
        "core/jobs/list.html",
        {
            "page": page,
            "counts": counts,
            "bars": chart_bars(counts),
            "chart_height": len(counts) * _ROW_HEIGHT,
            "queues": queues,
            "tasks": tasks,
            "filters": filters,
            "filter_query": urlencode(filters),
        },
    )


@role_required(Role.ADMIN)
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        retry_job(user, job_id)
    except JobNotRetryable as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Job %(id)s is queued again.") % {"id": job_id})
    query = urlencode(_filters(request.POST))
    return HttpResponseRedirect(reverse("core:jobs") + (f"?{query}" if query else ""))


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    watch = progress_for(request.user, job_id)
    partial = bool(getattr(request, "htmx", False))
    template = "core/jobs/_progress.html" if partial else "core/jobs/progress.html"
    return render(request, template, {"watch": watch})

"""The audit log for administrators: search, page by seq, open one entry. Works without JS.

Reading the log is itself audited, after the read: see ``actions.audit.record_search``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chancery.core.actions.audit import record_entry_view, record_search
from chancery.core.constants import Role
from chancery.core.decorators import role_required
from chancery.core.forms.audit import AuditSearchForm
from chancery.core.queries.audit import AuditFilters, AuditPage, get_entry_for_user, search_entries
from chancery.core.shell import classify

if TYPE_CHECKING:
    from chancery.core.models import User

_CURSORS = ("before", "after")


def _cursor(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


@role_required(Role.ADMIN)
def audit_log(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = AuditSearchForm(request.GET or None)
    page = AuditPage([], None, None)
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else AuditFilters()
        before, after = _cursor(request, "before"), _cursor(request, "after")
        page = search_entries(user, filters, before=before, after=after)
        cursors = {"before": before, "after": after}
        used = {name: value for name, value in cursors.items() if value is not None}
        record_search(user, {**filters.as_data(), **used}, request=request)
        # Entries about classified objects mark the page with the highest level shown.
        classify(request, max((entry.classification for entry in page.entries), default=0))
    query = request.GET.copy()
    for name in _CURSORS:
        query.pop(name, None)
    return render(
        request,
        "core/audit/log.html",
        {"form": form, "page": page, "filter_query": query.urlencode()},
    )


@role_required(Role.ADMIN)
def audit_entry(request: HttpRequest, seq: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entry = get_entry_for_user(user, seq)
    record_entry_view(user, entry, request=request)
    classify(request, entry.classification)
    details = json.dumps(entry.data, indent=2, sort_keys=True, ensure_ascii=False)
    return render(request, "core/audit/detail.html", {"entry": entry, "details": details})

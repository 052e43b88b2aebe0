"""The notifications centre: read your notifications, mark them read.

Marking read is a POST; with htmx the row and the header's counter are swapped in place,
without JavaScript the browser is sent back to the list.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from chancery.core.actions.notifications import mark_all_read, mark_read
from chancery.core.queries.notifications import notifications_for

PAGE_SIZE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = notifications_for(request.user, unread_only=unread_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/notifications.html",
        {"page": page, "unread_only": unread_only},
    )


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("core:notifications")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = mark_read(request.user, pk)  # type: ignore[arg-type]
    if getattr(request, "htmx", False):
        return render(
            request, "core/notification_row.html", {"notification": notification, "oob": True}
        )
    return _back(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(request.user)  # type: ignore[arg-type]
    return _back(request)

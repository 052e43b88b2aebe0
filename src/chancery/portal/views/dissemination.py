"""The editor's view of a page's dissemination, in the CMS: for each published revision, its
outbox steps in order (status, attempts, last error, the network's id) and "Retry now".

Who may see it: users who may edit the page (Wagtail's page permissions, inside the CMS that
only editors and administrators enter). Who may retry: users who may publish the page, since
a retry posts to the ministry's public accounts. Others get 404 (the page's existence is not
confirmed); a retry by someone who may see the page but not publish it is refused as Wagtail
refuses inside the CMS (``PermissionDenied``: back to the dashboard with a message).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page, Revision

from chancery.portal import outbox
from chancery.portal.constants import OutboxStatus
from chancery.portal.models import OutboxStep

RETRYABLE = (OutboxStatus.FAILED, OutboxStatus.RETRYING)
# How many published revisions the view lists, newest first.
SHOWN_REVISIONS = 20


def _page_for(request: HttpRequest, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    return page.specific


@dataclass(frozen=True)
class Row:
    step: OutboxStep
    outcome: str
    retryable: bool


@dataclass(frozen=True)
class Published:
    revision: Revision
    rows: list[Row]


@require_http_methods(["GET", "HEAD"])
def dissemination(request: HttpRequest, page_id: int) -> HttpResponse:
    """The steps of the page's published revisions, newest revision first."""
    page = _page_for(request, page_id)
    steps = list(
        OutboxStep.objects.filter(page=page)
        .order_by("-revision_id", "position")
        .select_related("revision__user")
    )
    may_retry = page.permissions_for_user(request.user).can_publish()
    revisions = []
    for _revision_id, group in groupby(steps, key=lambda step: step.revision_id):
        rows = [
            Row(step, outbox.describe(step.outcome), may_retry and step.status in RETRYABLE)
            for step in group
        ]
        revisions.append(Published(rows[0].step.revision, rows))
        if len(revisions) >= SHOWN_REVISIONS:
            break
    title = _("Dissemination")
    return TemplateResponse(
        request,
        "portal/cms/dissemination.html",
        {
            "page": page,
            "revisions": revisions,
            "header_title": title,
            "page_title": title,
            "page_subtitle": page.get_admin_display_title(),
            "header_icon": "globe",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


@require_POST
def retry(request: HttpRequest, page_id: int, step_id: int) -> HttpResponse:
    """ "Retry now" on a failed or retrying step: users who may publish the page only; a step
    that is done, skipped or already running is refused with a message, not retried."""
    page = _page_for(request, page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    step = get_object_or_404(OutboxStep, pk=step_id, page=page)
    try:
        outbox.retry_now(step)
    except ValueError:
        messages.error(request, _("This step is not waiting for a retry."))
    else:
        messages.success(
            request,
            _("“%(step)s” will be tried again in a moment.") % {"step": step.get_kind_display()},
        )
    return HttpResponseRedirect(reverse("portal_dissemination", args=[page.pk]))

"""Staff pages of the national-portal sync: the overall state, a dossier's log, retry now.

Thin: every read goes through ``national.queries`` (which applies who may see what) and the
one write through ``national.actions``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chancery.eservices.exceptions import EservicesError, NotAllowed
from chancery.eservices.national import actions, queries
from chancery.eservices.national.client import portal
from chancery.eservices.national.sync import max_attempts


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    try:
        summary = queries.overview(request.user)  # type: ignore[arg-type]
    except NotAllowed as exc:
        raise Http404 from exc
    return render(
        request,
        "eservices/national/overview.html",
        {"summary": summary, "configured": portal() is not None, "max_attempts": max_attempts()},
    )


@login_required
@require_GET
def sync_log(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier, records = queries.sync_log(request.user, pk)  # type: ignore[arg-type]
    except NotAllowed as exc:
        raise Http404 from exc
    return render(
        request, "eservices/national/sync_log.html", {"dossier": dossier, "records": records}
    )


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        record = actions.retry_now(request.user, pk)  # type: ignore[arg-type]
    except NotAllowed as exc:
        raise Http404 from exc
    except EservicesError as exc:
        messages.error(request, str(exc.message))
        return HttpResponseRedirect(reverse("eservices:national"))
    messages.success(
        request,
        _("Record %(sequence)s of dossier %(code)s will be sent again now.")
        % {"sequence": record.sequence, "code": record.dossier.code},
    )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("eservices:national")
    return HttpResponseRedirect(back)

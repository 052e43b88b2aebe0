"""The signed-in applicant of a public-site request (kept apart from staff sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from chancery.eservices.models import Applicant

SESSION_KEY = "eservices.applicant"


def current_applicant(request: HttpRequest) -> Applicant | None:
    """The applicant signed in on this session, if any (cached on the request)."""
    if hasattr(request, "_eservices_applicant"):
        cached: Applicant | None = request._eservices_applicant
        return cached
    applicant_id = request.session.get(SESSION_KEY)
    applicant = None
    if applicant_id is not None:
        applicant = Applicant.objects.filter(pk=applicant_id, is_active=True).first()
    request._eservices_applicant = applicant  # type: ignore[attr-defined]
    return applicant


def sign_in(request: HttpRequest, applicant: Applicant) -> None:
    """Start an applicant session (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = applicant.pk
    request._eservices_applicant = applicant  # type: ignore[attr-defined]
    Applicant.objects.filter(pk=applicant.pk).update(last_login=timezone.now(), failed_logins=0)


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    request._eservices_applicant = None  # type: ignore[attr-defined]


def applicant_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Send visitors who are not signed in as applicants to the applicant sign-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        applicant = current_applicant(request)
        if applicant is None:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('services:signin')}?{query}")
        request.applicant = applicant  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped

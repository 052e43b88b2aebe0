"""The "page not found" answer: in the portal's layout and language under /vi/ /en/ /fr/,
Django's plain one elsewhere (the workspace's 404s, which also answer for denied objects)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.defaults import page_not_found

from chancery.portal.views.public import render

PORTAL_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not request.path.startswith(PORTAL_PREFIXES):
        return page_not_found(request, exception)
    try:
        return render(request, "portal/404.html", status=404)
    except Exception:  # the plain page rather than a 500 in place of a 404
        return page_not_found(request, exception)

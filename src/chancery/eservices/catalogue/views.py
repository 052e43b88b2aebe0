"""Public catalogue pages: the list with search and filters, a procedure, an old version."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from chancery.eservices.catalogue import queries
from chancery.eservices.constants import Channel
from chancery.eservices.models import ProcedureVersion
from chancery.eservices.public import render_public


def apply_url(slug: str) -> str:
    """The submission area's "apply" page for ``slug``, or "" while that area has none."""
    try:
        return reverse("services:apply", kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


def home(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:200]
    field = request.GET.get("field", "")[:32]
    channel = request.GET.get("channel", "")
    if channel not in Channel.values:
        channel = ""
    procedures = list(queries.published_procedures(q=q, field=field, channel=channel))
    return render_public(
        request,
        "eservices/catalogue/home.html",
        {
            "procedures": procedures,
            "q": q,
            "field": field,
            "channel": channel,
            "fields": queries.fields_in_use(),
            "channels": Channel.choices,
            "filtered": bool(q or field or channel),
        },
    )


def _version_page(request: HttpRequest, version: ProcedureVersion, current: bool) -> HttpResponse:
    procedure = version.procedure
    context: dict[str, Any] = {
        "procedure": procedure,
        "version": version,
        "current": current,
        "agencies": queries.agencies_for(version),
        "versions": queries.public_versions(procedure),
        "apply_url": apply_url(procedure.slug) if current and version.channel("online") else "",
        "unconfirmed": set(version.unconfirmed or []),
    }
    return render_public(request, "eservices/catalogue/procedure.html", context)


def procedure(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.get_procedure(slug)
    version = found.current_versions[0]  # type: ignore[attr-defined]
    version.procedure = found
    return _version_page(request, version, current=True)


def procedure_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = queries.get_public_version(slug, number)
    today = queries.current_version(version.procedure)
    return _version_page(request, version, current=today is not None and today.pk == version.pk)

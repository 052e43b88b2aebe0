"""Rendering pages of the public site: the public header, the signed-in applicant."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chancery.eservices.applicants.session import current_applicant


def render_public(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """Render ``template`` (extending ``eservices/public_base.html``) for the public site."""
    page = {"public_page": True, "applicant": current_applicant(request), **(context or {})}
    return render(request, template, page, status=status)

"""Workspace views of handling (to be built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

if TYPE_CHECKING:
    from chancery.documents.models import Document


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "documents/inbox.html", {})


urlpatterns: list[URLPattern] = [path("", inbox, name="inbox")]


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """This area's section of the document page (none yet)."""
    return None

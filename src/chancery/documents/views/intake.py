"""Workspace views of intake (to be built)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.urls import URLPattern

if TYPE_CHECKING:
    from chancery.documents.models import Document

urlpatterns: list[URLPattern] = []


def panel(request: HttpRequest, document: Document) -> dict[str, object] | None:
    """This area's section of the document page (none yet)."""
    return None

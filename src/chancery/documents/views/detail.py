"""The document page: metadata, then one panel per area (files, handling, drafting, records).

Each area owns its panel (``views/<area>.py: panel``) and template
(``documents/panels/<area>.html``), so areas grow without touching this view.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chancery.documents.queries.documents import get_document_for_user
from chancery.documents.views import drafting, handling, intake, records

PANELS = (
    ("intake", intake.panel),
    ("handling", handling.panel),
    ("drafting", drafting.panel),
    ("records", records.panel),
)


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: str) -> HttpResponse:
    document = get_document_for_user(request.user, pk)
    panels = []
    for area, panel in PANELS:
        context = panel(request, document)
        if context is not None:
            panels.append((f"documents/panels/{area}.html", context))
    return render(request, "documents/detail.html", {"document": document, "panels": panels})

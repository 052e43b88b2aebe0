"""The documents API under ``/api/v1/documents``: one sub-router per area."""

from __future__ import annotations

from ninja import Router

from chancery.documents.api import (
    documents,
    drafting,
    handling,
    intake,
    records,
    reports,
    search,
)

prefix = "/documents"
router = Router(tags=["documents"])
for area in (intake, handling, drafting, search, records, reports, documents):
    router.add_router("", area.router)

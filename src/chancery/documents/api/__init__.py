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


def extra_routers() -> list[tuple[str, Router]]:
    """Routers of this app mounted under another prefix: the cables API."""
    from chancery.documents.cables import api as cables_api

    return [(cables_api.prefix, cables_api.router)]

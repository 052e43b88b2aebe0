"""The cables API under ``/api/v1/cables``: one sub-router per area."""

from __future__ import annotations

from ninja import Router

from chancery.documents.cables.api import archive, compose, delivery, reports

prefix = "/cables"
router = Router(tags=["cables"])
for area in (compose, delivery, archive, reports):
    router.add_router("", area.router)

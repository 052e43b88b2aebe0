"""API of drafting (to be built)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["documents"])

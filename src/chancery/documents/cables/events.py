"""The cable's history: one row per step, written by the action that takes the step."""

from __future__ import annotations

from typing import Any

from chancery.core.service import User
from chancery.documents.models import Cable, CableEvent


def record_event(cable: Cable, actor: User | None, kind: str, **data: Any) -> CableEvent:
    """Add ``kind`` (``drafted``, ``cleared``, ``released``, ``delivered``, ``acknowledged``,
    ``alerted``, ``escalated``, ``received``...) to the cable's history, in the caller's
    transaction. ``actor`` None: the system (a job, a peer instance)."""
    return CableEvent.objects.create(
        cable=cable,
        actor=actor,
        actor_name=str(actor) if actor is not None else "",
        kind=kind,
        data=data,
    )

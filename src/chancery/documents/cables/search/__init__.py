"""Cable archive search (archive area). Stub of the shared contract."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID


def reindex(cable_ids: Iterable[UUID]) -> None:
    """Recompute the search vector of these cables (subject, tags, paragraphs, reference), in
    the caller's transaction; call after release and after receiving a cable."""
    raise NotImplementedError


def alert_saved_searches(cable_id: UUID) -> None:
    """Defer the job that tells owners of alerting saved searches about a newly delivered
    cable they may read (in the caller's transaction)."""
    raise NotImplementedError

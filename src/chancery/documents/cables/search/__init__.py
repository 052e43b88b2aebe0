"""Cable archive search: index, query, saved searches and their alerts.

The two entry points other areas call, in their own transaction: :func:`reindex` after a
cable is released or received, :func:`alert_saved_searches` once it is delivered.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID


def reindex(cable_ids: Iterable[UUID]) -> None:
    """Recompute the body text and search vector of these cables (subject, tags, paragraphs,
    reference), in the caller's transaction; call after release and after receiving a cable."""
    from chancery.documents.cables.search.index import reindex as rebuild

    rebuild(cable_ids)


def alert_saved_searches(cable_id: UUID) -> None:
    """Defer the job that tells owners of alerting saved searches about a newly delivered
    cable they may read (in the caller's transaction: a rolled-back delivery alerts no one)."""
    from chancery.documents.cables.search.jobs import alert_saved_searches_job

    alert_saved_searches_job.defer(cable_id=str(cable_id))

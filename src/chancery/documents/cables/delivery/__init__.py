"""Delivery of released cables to every addressee, here and on peer instances, and their
acknowledgement (delivery area). Stub of the shared contract."""

from __future__ import annotations

from chancery.core.service import User
from chancery.documents.models import Cable


def deliver_released(actor: User, cable: Cable) -> None:
    """Deliver a just-released ``cable`` to every addressee, in the release transaction: a
    delivery record per addressee, local inboxes at once, peers through the exchange."""
    raise NotImplementedError

"""Queueing messages for peers. Stub of the shared contract; the exchange helper implements it."""

from __future__ import annotations

import uuid
from typing import Any

from chancery.exchange.models import OutboundMessage, Peer


def send(
    peer: Peer, kind: str, payload: dict[str, Any], *, message_id: uuid.UUID | None = None
) -> OutboundMessage:
    """Queue ``payload`` for ``peer`` in the caller's transaction, with the link's next
    sequence number, and defer the push. A message id already queued returns that message."""
    raise NotImplementedError

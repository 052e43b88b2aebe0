"""Reads of the exchange's state for operators (the staff page and ``chancery exchange status``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Min, Q

from chancery.exchange.models import InboundMessage, OutboundMessage, Peer


@dataclass(frozen=True)
class PeerStatus:
    peer: Peer
    queued: int
    oldest_queued_at: datetime | None


def peer_statuses() -> list[PeerStatus]:
    """Every peer with the size and age of its queue. One query."""
    pending = Q(outbox__delivered_at__isnull=True)
    peers = Peer.objects.annotate(
        queued=Count("outbox", filter=pending),
        oldest=Min("outbox__created_at", filter=pending),
    ).order_by("code")
    return [PeerStatus(peer, peer.queued, peer.oldest) for peer in peers]


def recent_outbound(limit: int = 20) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.select_related("peer").order_by("-created_at")[:limit])


def recent_inbound(limit: int = 20) -> list[InboundMessage]:
    return list(InboundMessage.objects.select_related("peer").order_by("-received_at")[:limit])

"""Delivery of released cables to every addressee, here and on peer instances, and their
acknowledgement (delivery area)."""

from __future__ import annotations

from chancery.documents.cables.delivery.acknowledge import mark_read
from chancery.documents.cables.delivery.deliver import deliver_released
from chancery.documents.cables.delivery.panel import panel_context

__all__ = ["deliver_released", "mark_read", "panel_context"]

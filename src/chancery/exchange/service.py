"""The only module of ``exchange`` that other apps import.

Queue a message for the instance that serves a unit, in the caller's transaction::

    from chancery.exchange import service as exchange

    peer = exchange.route_for_unit(unit_id)      # None: the unit works on this instance
    if peer is not None:
        exchange.send(peer, "cables.cable", payload, message_id=cable.pk)

    exchange.register_handler("cables.cable", receive_cable)        # at app start-up
    exchange.register_receipt_hook("cables.cable", on_cable_delivered)

Handlers run in the receiving transaction: ``handler(peer_code, message_id, payload)``; an
exception refuses the message (the sender keeps it queued and retries). Receipt hooks run in
the sender's transaction that records the signed receipt: ``hook(peer_code, message_id,
payload, delivered_at)``.
"""

from chancery.exchange.identity import instance_code
from chancery.exchange.outbox import send
from chancery.exchange.registry import (
    Handler,
    ReceiptHook,
    register_handler,
    register_receipt_hook,
)
from chancery.exchange.routing import route_for_unit, routes_for_units

__all__ = [
    "Handler",
    "ReceiptHook",
    "instance_code",
    "register_handler",
    "register_receipt_hook",
    "route_for_unit",
    "routes_for_units",
    "send",
]

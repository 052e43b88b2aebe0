"""Registrations of the delivery area: exchange handlers and receipt hooks, the navigation
entry, the timer jobs (workers find them here), the duty roster's admin."""

from __future__ import annotations


def ready() -> None:
    from chancery.documents.cables import navigation, tasks  # noqa: F401  (nav entry, jobs)
    from chancery.documents.cables.constants import KIND_ACK, KIND_CABLE
    from chancery.documents.cables.delivery import admin  # noqa: F401  (duty roster admin)
    from chancery.documents.cables.delivery.acknowledge import receive_ack
    from chancery.documents.cables.delivery.receive import on_cable_receipted, receive_cable
    from chancery.exchange import service as exchange

    exchange.register_handler(KIND_CABLE, receive_cable)
    exchange.register_handler(KIND_ACK, receive_ack)
    exchange.register_receipt_hook(KIND_CABLE, on_cable_receipted)

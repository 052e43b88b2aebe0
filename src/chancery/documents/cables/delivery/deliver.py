"""Delivering a released cable: a record per addressee, local inboxes at once, peers through the
exchange, the acknowledgement timers and the first alerts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User, notify
from chancery.documents.cables import search
from chancery.documents.cables.constants import KIND_CABLE, AddresseeRole
from chancery.documents.cables.delivery.payload import build_payload
from chancery.documents.cables.delivery.recipients import (
    cable_url,
    duty_or_heads_by_unit,
    first_recipients,
    unique,
)
from chancery.documents.cables.events import record_event
from chancery.documents.models import Cable, CableAddressee, CableDelivery, PrecedenceLevel
from chancery.exchange import service as exchange


def message_id_for(cable_id: uuid.UUID, peer_code: str, kind: str = KIND_CABLE) -> uuid.UUID:
    """The end-to-end message id of a cable (or its acknowledgement) for one peer: stable, so a
    resent cable is recognised, and distinct per peer, as the outbox keys messages by id."""
    return uuid.uuid5(cable_id, f"{kind}:{peer_code}")


def ack_due(precedence: PrecedenceLevel, role: str, start: datetime) -> datetime | None:
    """When an addressee must acknowledge: action addressees of a precedence that requires it."""
    if role != AddresseeRole.ACTION or precedence.ack_minutes is None:
        return None
    return start + timedelta(minutes=precedence.ack_minutes)


def _unit_of(addressee: CableAddressee) -> int | None:
    if addressee.unit_id is not None:
        return addressee.unit_id
    person = addressee.person
    return person.unit_id if person is not None else None


def deliver_released(actor: User, cable: Cable) -> None:
    """Deliver a just-released ``cable`` to every addressee, in the release transaction.

    Called by the release action (the releaser is ``actor``); refuses nothing itself: the
    release has checked the cable. One ``CableDelivery`` per addressee; addressees served here
    are delivered at once, the others get one exchange message per peer instance (delivered
    when its signed receipt comes back). Action addressees of a precedence that requires an
    acknowledgement get a deadline and a timer; the local ones are notified now.
    """
    now = timezone.now()
    precedence = cable.precedence
    addressees = list(cable.addressees.select_related("person").order_by("pk"))
    unit_ids = {unit_id for a in addressees if (unit_id := _unit_of(a)) is not None}
    routes = exchange.routes_for_units(unit_ids)
    deliveries: list[CableDelivery] = []
    peers: dict[str, Any] = {}  # exchange.Peer, which exchange keeps to itself
    for addressee in addressees:
        unit_id = _unit_of(addressee)
        peer = routes.get(unit_id) if unit_id is not None else None
        if peer is not None:
            peers[peer.code] = peer
        deliveries.append(
            CableDelivery(
                cable=cable,
                addressee=addressee,
                role=addressee.role,
                unit_id=addressee.unit_id,
                person=addressee.person,
                route=peer.code if peer is not None else "",
                delivered_at=None if peer is not None else now,
                ack_due_at=ack_due(precedence, addressee.role, now),
            )
        )
    CableDelivery.objects.bulk_create(deliveries)
    local = [d for d in deliveries if not d.route]
    start_timers(cable, local)
    notify_arrival(cable, local)
    search.alert_saved_searches(cable.pk)
    if peers:
        payload = build_payload(cable)
        for code, peer in sorted(peers.items()):
            exchange.send(peer, KIND_CABLE, payload, message_id=message_id_for(cable.pk, code))
    record_event(
        cable,
        actor,
        "delivered",
        local=len(local),
        peers=sorted(peers),
        awaiting_ack=sum(1 for d in deliveries if d.ack_due_at is not None),
    )


def start_timers(cable: Cable, deliveries: Iterable[CableDelivery]) -> None:
    """Defer the acknowledgement check of ``cable`` at each distinct deadline (local only: a
    peer runs the timers of the addressees it serves)."""
    from chancery.documents.cables.delivery.timers import schedule_check

    for due in sorted({d.ack_due_at for d in deliveries if d.ack_due_at and not d.route}):
        schedule_check(cable.pk, due)


def notify_arrival(cable: Cable, deliveries: Iterable[CableDelivery]) -> None:
    """Tell the local action addressees of an urgent cable (the named person; for a unit, its
    people on duty now, else its heads) that it awaits their acknowledgement."""
    urgent = [d for d in deliveries if d.ack_due_at is not None and not d.route]
    if not urgent:
        return
    title = _("A %(precedence)s cable awaits acknowledgement") % {
        "precedence": cable.precedence.code
    }
    body = _("Open it and acknowledge it before the deadline, or the duty roster is alerted.")
    url = cable_url(cable)
    by_unit = duty_or_heads_by_unit(d.unit_id for d in urgent if d.unit_id is not None)
    people = [
        person
        for d in urgent
        for person in (by_unit.get(d.unit_id, []) if d.unit_id is not None else first_recipients(d))
    ]
    for person in unique(people):
        notify(person, "cables.arrived", title, body, url)

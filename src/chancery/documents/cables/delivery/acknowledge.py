"""Acknowledging a delivered cable, here or, through the exchange, on the originating instance."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from chancery.core.service import User, record_audit
from chancery.documents.cables.constants import KIND_ACK
from chancery.documents.cables.delivery.deliver import message_id_for
from chancery.documents.cables.delivery.recipients import acting_as
from chancery.documents.cables.events import record_event
from chancery.documents.cables.exceptions import NotAllowed, WrongState
from chancery.documents.models import Cable, CableDelivery
from chancery.exchange import service as exchange


def answers_for(user: User, delivery: CableDelivery) -> bool:
    """Whether ``user`` answers for ``delivery``: the named person, a member of the addressee
    unit, or someone acting for one of them by delegation. Only for addressees served here."""
    if delivery.route or not user.is_authenticated or not user.is_active:
        return False
    people, units = acting_as(user)
    if delivery.person_id is not None:
        return delivery.person_id in people
    return delivery.unit_id in units


def may_acknowledge(user: User, delivery: CableDelivery) -> bool:
    return delivery.acknowledged_at is None and answers_for(user, delivery)


def acknowledge(user: User, delivery_id: int) -> CableDelivery:
    """Acknowledge a delivery for its addressee, once.

    Who may: the named person or a member of the addressee unit (or someone acting for them
    by delegation) who can read the cable; anyone else gets 404. Refuses a second
    acknowledgement (``WrongState``). Stops the alert and escalation timers; a cable received
    from another instance sends the acknowledgement back to it.
    """
    with transaction.atomic():
        delivery = (
            CableDelivery.objects.select_for_update(of=("self",))
            .select_related("cable")
            .filter(pk=delivery_id, cable__in=Cable.objects.visible_to(user))
            .first()
        )
        if delivery is None:
            raise Http404
        if not answers_for(user, delivery):
            raise NotAllowed(_("Only the addressee or their unit may acknowledge this cable."))
        if delivery.acknowledged_at is not None:
            raise WrongState(_("This cable has already been acknowledged."))
        now = timezone.now()
        delivery.acknowledged_at = now
        delivery.acknowledged_by = user
        delivery.acknowledged_by_name = str(user)
        delivery.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledged_by_name"])
        cable = delivery.cable
        record_event(cable, user, "acknowledged", delivery=delivery.pk, late=_late(delivery, now))
        record_audit(
            user,
            "cables.acknowledge",
            cable,
            data={"delivery": delivery.pk, "unit": delivery.unit_id, "person": delivery.person_id},
        )
        if cable.origin_instance:
            _send_back(cable, delivery)
    return delivery


def mark_read(user: User, cable: Cable) -> int:
    """Record the first reading of ``cable`` on the deliveries ``user`` answers for (the
    reading view calls it for a reader it has let in); returns how many were marked."""
    people, units = acting_as(user)
    return (
        CableDelivery.objects.filter(cable=cable, route="", read_at__isnull=True)
        .filter(Q(person_id__in=people) | Q(unit_id__in=units))
        .update(read_at=timezone.now())
    )


def _late(delivery: CableDelivery, now: datetime) -> bool:
    return delivery.ack_due_at is not None and now > delivery.ack_due_at


def _addressee_key(delivery: CableDelivery) -> dict[str, Any]:
    unit = delivery.unit
    person = delivery.person
    return {
        "unit": unit.code if unit is not None else None,
        "person": person.username if person is not None else None,
    }


def _send_back(cable: Cable, delivery: CableDelivery) -> None:
    peers = exchange.routes_for_units([cable.post_id])
    peer = peers.get(cable.post_id)
    if peer is None:  # the originating post is no longer served elsewhere: nothing to tell
        return
    acknowledged_at = delivery.acknowledged_at
    payload = {
        "cable": str(cable.pk),
        **_addressee_key(delivery),
        "acknowledged_at": acknowledged_at.isoformat() if acknowledged_at else None,
        "acknowledged_by": delivery.acknowledged_by_name,
    }
    key = f"{KIND_ACK}:{payload['unit'] or ''}:{payload['person'] or ''}"
    exchange.send(peer, KIND_ACK, payload, message_id=message_id_for(cable.pk, peer.code, key))


def receive_ack(peer_code: str, message_id: uuid.UUID, payload: dict[str, Any]) -> None:
    """Exchange handler of ``cables.ack``: the addressee on ``peer_code`` acknowledged; record it
    on the originator's delivery (once; a repeated message changes nothing)."""
    filters: dict[str, Any] = {"cable_id": payload["cable"], "route": peer_code}
    if payload.get("person"):
        filters["person__username"] = payload["person"]
    else:
        filters["unit__code"] = payload.get("unit")
    delivery = CableDelivery.objects.select_for_update(of=("self",)).filter(**filters).first()
    if delivery is None or delivery.acknowledged_at is not None:
        return
    at = parse_datetime(payload.get("acknowledged_at") or "") or timezone.now()
    delivery.acknowledged_at = at
    delivery.acknowledged_by_name = str(payload.get("acknowledged_by") or "")[:255]
    delivery.save(update_fields=["acknowledged_at", "acknowledged_by_name"])
    record_event(
        delivery.cable,
        None,
        "acknowledged",
        delivery=delivery.pk,
        instance=peer_code,
        by=delivery.acknowledged_by_name,
    )

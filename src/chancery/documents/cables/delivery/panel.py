"""The delivery panel of the reading view: who the cable went to, through which instance, and
who acknowledged it when. The originating side sees every addressee; an addressee sees its own
row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from chancery.core.service import User
from chancery.documents.cables.delivery.acknowledge import may_acknowledge
from chancery.documents.cables.delivery.recipients import acting_as
from chancery.documents.models import Cable, CableDelivery
from chancery.exchange import service as exchange


@dataclass(frozen=True)
class DeliveryRow:
    delivery: CableDelivery
    role: str
    addressee: str
    route: str
    delivered_at: datetime | None
    ack_due_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str
    alerted_at: datetime | None
    escalated_at: datetime | None
    may_acknowledge: bool
    acknowledge_url: str
    is_overdue: bool


def is_originating_side(user: User, cable: Cable) -> bool:
    """The drafter, a clearer, the approver or releaser, or the drafting unit (acting for
    included)."""
    if not cable.origin_instance:
        people, units = acting_as(user)
        if cable.drafting_unit_id in units:
            return True
        if people & {cable.created_by_id, cable.approver_id, cable.released_by_id}:
            return True
        return cable.clearers.filter(clearer_id__in=people).exists()
    return False


def rows_for(user: User, cable: Cable) -> QuerySet[CableDelivery]:
    """The deliveries of ``cable`` that ``user`` may see (call with a cable they may read)."""
    deliveries = cable.deliveries.select_related("unit", "person").order_by("role", "pk")
    if is_originating_side(user, cable):
        return deliveries
    people, units = acting_as(user)
    return deliveries.filter(Q(person_id__in=people) | Q(unit_id__in=units))


def _row(user: User, delivery: CableDelivery, here: str, now: datetime) -> DeliveryRow:
    unit, person = delivery.unit, delivery.person
    return DeliveryRow(
        delivery=delivery,
        role=delivery.get_role_display(),
        addressee=str(person) if person is not None else str(unit),
        route=delivery.route or here,
        delivered_at=delivery.delivered_at,
        ack_due_at=delivery.ack_due_at,
        acknowledged_at=delivery.acknowledged_at,
        acknowledged_by=delivery.acknowledged_by_name,
        alerted_at=delivery.alerted_at,
        escalated_at=delivery.escalated_at,
        may_acknowledge=may_acknowledge(user, delivery),
        acknowledge_url=reverse("cables:acknowledge", args=[delivery.pk]),
        is_overdue=bool(
            delivery.ack_due_at and delivery.acknowledged_at is None and delivery.ack_due_at < now
        ),
    )


def panel_context(user: User, cable: Cable) -> dict[str, Any]:
    """Context of ``cables/delivery/_panel.html`` for ``user`` reading ``cable`` (the caller has
    checked that they may read it). Keys: ``delivery_rows``, ``delivery_full`` (the originating
    side's complete list), ``delivery_instance`` (this instance's code)."""
    from django.utils import timezone

    here = exchange.instance_code()
    now = timezone.now()
    rows = [_row(user, delivery, here, now) for delivery in rows_for(user, cable)]
    return {
        "delivery_rows": rows,
        "delivery_full": is_originating_side(user, cable),
        "delivery_instance": here,
        "delivery_cable": cable,
    }

"""Acknowledgement timers: at the deadline the unit's duty roster is alerted, and if the alert
is not answered either, the escalation goes to the second level, the unit heads and the
originator. Each step happens once (row lock and a timestamp); an acknowledgement stops both.

Timers run where the addressee works: a peer instance runs those of the addressees it serves.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from procrastinate.exceptions import AlreadyEnqueued

from chancery.core.service import User, notify
from chancery.documents.cables.constants import DutyLevel
from chancery.documents.cables.delivery.recipients import (
    answering_unit,
    cable_url,
    duty_or_heads,
    on_duty,
    unique,
    unit_heads,
)
from chancery.documents.cables.events import record_event
from chancery.documents.models import Cable, CableDelivery


def escalation_due(delivery: CableDelivery) -> datetime | None:
    """When an alerted delivery escalates (None: not alerted, or the precedence never does)."""
    minutes = delivery.cable.precedence.escalate_minutes
    if delivery.alerted_at is None or minutes is None:
        return None
    return delivery.alerted_at + timedelta(minutes=minutes)


def pending() -> Q:
    """Local deliveries still awaiting an acknowledgement with a deadline."""
    return Q(route="", acknowledged_at__isnull=True, ack_due_at__isnull=False)


def check_cable(cable_id: str) -> int:
    """Alert or escalate every due delivery of one cable; returns how many steps were taken.

    Called by the timer job (no user acts). Idempotent: a delivery already alerted, escalated
    or acknowledged is left alone, so a rerun job or the sweep never repeats a step.
    """
    ids = list(
        CableDelivery.objects.filter(pending(), cable_id=cable_id).values_list("pk", flat=True)
    )
    return sum(check_delivery(pk) for pk in ids)


def sweep() -> int:
    """Catch any timer that did not fire (a lost job, a restored backup): every due step of
    every pending delivery, oldest first. Called every minute by the periodic job."""
    now = timezone.now()
    ids = CableDelivery.objects.filter(pending(), ack_due_at__lte=now).filter(
        Q(alerted_at__isnull=True)
        | Q(escalated_at__isnull=True, cable__precedence__escalate_minutes__isnull=False)
    )
    return sum(check_delivery(pk) for pk in ids.order_by("ack_due_at").values_list("pk", flat=True))


def schedule_check(cable_id: object, at: datetime) -> None:
    """Defer the timer job of a cable at ``at``, in the caller's transaction; one job per
    cable and moment (the deliveries of one cable share their deadlines)."""
    from chancery.documents.cables.tasks import check_ack_timers

    lock = f"cables.timer.{cable_id}.{at.isoformat()}"
    try:
        # A savepoint: the refused insert of a duplicate must not abort the caller.
        with transaction.atomic():
            check_ack_timers.configure(schedule_at=at, queueing_lock=lock).defer(
                cable_id=str(cable_id)
            )
    except AlreadyEnqueued:
        pass


def check_delivery(delivery_id: int) -> int:
    """Take the due step of one delivery (alert, then escalation), under its row lock."""
    with transaction.atomic():
        delivery = (
            CableDelivery.objects.select_for_update(of=("self",), skip_locked=False)
            .select_related("cable__precedence", "unit", "person")
            .filter(pending(), pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.ack_due_at is None:
            return 0
        now = timezone.now()
        if delivery.alerted_at is None:
            if now < delivery.ack_due_at:
                return 0
            _alert(delivery, now)
            due = escalation_due(delivery)
            if due is not None:
                schedule_check(delivery.cable_id, due)
            return 1
        due = escalation_due(delivery)
        if delivery.escalated_at is None and due is not None and now >= due:
            _escalate(delivery, now)
            return 1
    return 0


def _send(people: list[User], delivery: CableDelivery, kind: str, title: str, body: str) -> None:
    url = cable_url(delivery.cable)
    for person in people:
        notify(person, kind, title, body, url)


def _alert(delivery: CableDelivery, now: datetime) -> None:
    cable: Cable = delivery.cable
    unit_id = answering_unit(delivery)
    people = unique(duty_or_heads(unit_id) if unit_id is not None else [delivery.person])
    delivery.alerted_at = now
    delivery.save(update_fields=["alerted_at"])
    title = str(
        _("A %(precedence)s cable has not been acknowledged in time")
        % {"precedence": cable.precedence.code}
    )
    body = str(_("Open it and make sure its addressee acknowledges it now."))
    _send(people, delivery, "cables.ack_alert", title, body)
    record_event(cable, None, "alerted", delivery=delivery.pk, notified=[p.pk for p in people])


def _escalate(delivery: CableDelivery, now: datetime) -> None:
    cable: Cable = delivery.cable
    unit_id = answering_unit(delivery)
    roster = on_duty(unit_id, DutyLevel.ESCALATION) if unit_id is not None else []
    heads = list(unit_heads(unit_id)) if unit_id is not None else []
    originators: list[User | None] = []
    if not cable.origin_instance:  # a received cable's originator works on the other side
        originators = [cable.created_by, cable.released_by]
    people = unique([*roster, *heads, *originators])
    delivery.escalated_at = now
    delivery.save(update_fields=["escalated_at"])
    title = str(
        _("Escalation: a %(precedence)s cable is still not acknowledged")
        % {"precedence": cable.precedence.code}
    )
    body = str(_("The duty roster was alerted and nobody has acknowledged the cable since."))
    _send(people, delivery, "cables.ack_escalation", title, body)
    record_event(cable, None, "escalated", delivery=delivery.pk, notified=[p.pk for p in people])

"""Writes the planned demo year of cables in bulk: numbers, cables, paragraphs, addressees,
deliveries with their acknowledgements, clearances, access columns, history and index."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import F
from django.utils import timezone

from chancery.core.service import Unit
from chancery.documents.cables.actions.release import cable_reference
from chancery.documents.cables.constants import AddresseeRole, CableStatus, ClearanceStatus
from chancery.documents.cables.demo.plan import Ack, PlannedCable
from chancery.documents.cables.search import reindex
from chancery.documents.models import (
    Cable,
    CableAddressee,
    CableClearer,
    CableDelivery,
    CableEvent,
    CableParagraph,
    CableSeries,
    Caption,
    PrecedenceLevel,
)

BATCH = 1000
# What the reading view says of a historical demo cable: it was never signed here.
IMPORTED = {
    "source": "demo",
    "signed": False,
    # Shown as is on the reading view (demo data, like the cables' texts, are Vietnamese).
    "reason": "Điện lưu trữ nhập từ dữ liệu mẫu, không ký số tại hệ thống này",
}


def allocate(plans: list[PlannedCable], units: dict[str, Unit]) -> dict[int, tuple[int, int]]:
    """(year, number) of each plan, in release order per post and year, after the numbers
    each series has already given (the series' ``last_number`` moves past them)."""
    groups: dict[tuple[str, int], list[PlannedCable]] = defaultdict(list)
    for plan in plans:  # already in release order
        groups[(plan.post, timezone.localtime(plan.released_at).year)].append(plan)
    numbers: dict[int, tuple[int, int]] = {}
    for (post, year), members in sorted(groups.items()):
        CableSeries.objects.get_or_create(post=units[post], year=year)
        series = CableSeries.objects.select_for_update().get(post=units[post], year=year)
        for offset, plan in enumerate(members, start=1):
            numbers[plan.key] = (year, series.last_number + offset)
        series.last_number += len(members)
        series.save(update_fields=["last_number"])
    return numbers


def allocate_one(post: Unit, year: int) -> tuple[int, int]:
    """The next number of ``post``'s series for ``year`` (under its lock): (year, number)."""
    CableSeries.objects.get_or_create(post=post, year=year)
    series = CableSeries.objects.select_for_update().get(post=post, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return year, series.last_number


class CableWriter:
    def __init__(self, units: dict[str, Unit]) -> None:
        self.units = units
        self.precedences = {p.code: p for p in PrecedenceLevel.objects.all()}
        self.captions = dict(Caption.objects.values_list("code", "pk"))
        compartment: Any = Cable._meta.get_field("compartments").related_model
        self.compartments = dict(compartment.objects.values_list("code", "pk"))
        self.events: list[tuple[CableEvent, dt.datetime]] = []

    def write(self, plans: list[PlannedCable], id_of: Callable[[int], uuid.UUID]) -> list[Cable]:
        numbers = allocate(plans, self.units)
        cables = [self._cable(plan, id_of(plan.key), *numbers[plan.key]) for plan in plans]
        Cable.objects.bulk_create(cables, batch_size=BATCH)
        ids = [cable.pk for cable in cables]
        # Drafted two hours before release, last changed when released (one UPDATE).
        Cable.objects.filter(pk__in=ids).update(
            created_at=F("released_at") - dt.timedelta(hours=2), updated_at=F("released_at")
        )
        CableParagraph.objects.bulk_create(
            [
                CableParagraph(cable=cable, number=n, classification=level, text=text)
                for cable, plan in zip(cables, plans, strict=True)
                for n, (level, text) in enumerate(plan.paragraphs, start=1)
            ],
            batch_size=BATCH,
        )
        self._clearers(cables, plans)
        self._addressees(cables, plans)
        self._access(cables, plans)
        for cable, plan in zip(cables, plans, strict=True):
            self._event(cable, "imported", plan.released_at, **IMPORTED)
        self.flush_events()
        reindex(ids)
        return cables

    def _cable(self, plan: PlannedCable, pk: uuid.UUID, year: int, number: int) -> Cable:
        return Cable(
            id=pk,
            status=CableStatus.RELEASED,
            post=self.units[plan.post],
            drafting_unit=self.units[plan.drafting_unit],
            year=year,
            number=number,
            reference=cable_reference(self.units[plan.post], year, number),
            subject=plan.subject,
            precedence=self.precedences[plan.precedence],
            tags=plan.tags,
            classification=plan.classification,
            approver_id=plan.approver.pk,
            released_by_id=plan.approver.pk,
            released_by_name=plan.approver.name,
            released_at=plan.released_at,
            created_by_id=plan.drafter.pk,
            drafted_by_name=plan.drafter.name,
        )

    def _clearers(self, cables: list[Cable], plans: list[PlannedCable]) -> None:
        CableClearer.objects.bulk_create(
            [
                CableClearer(
                    cable=cable,
                    clearer_id=plan.clearer.pk,
                    position=1,
                    status=ClearanceStatus.CLEARED,
                    decided_at=plan.released_at - dt.timedelta(hours=1),
                )
                for cable, plan in zip(cables, plans, strict=True)
                if plan.clearer is not None
            ],
            batch_size=BATCH,
        )

    def _addressees(self, cables: list[Cable], plans: list[PlannedCable]) -> None:
        rows: list[tuple[CableAddressee, PlannedCable, Ack | None]] = []
        for cable, plan in zip(cables, plans, strict=True):
            acks = {ack.unit: ack for ack in plan.acks}
            for code in plan.action:
                addressee = CableAddressee(
                    cable=cable, role=AddresseeRole.ACTION, unit=self.units[code]
                )
                rows.append((addressee, plan, acks.get(code)))
            for code in plan.info:
                addressee = CableAddressee(
                    cable=cable, role=AddresseeRole.INFO, unit=self.units[code]
                )
                rows.append((addressee, plan, None))
            for person in plan.info_people:
                addressee = CableAddressee(
                    cable=cable, role=AddresseeRole.INFO, person_id=person.pk
                )
                rows.append((addressee, plan, None))
        CableAddressee.objects.bulk_create([row[0] for row in rows], batch_size=BATCH)
        deliveries = [self._delivery(n, *row) for n, row in enumerate(rows)]
        CableDelivery.objects.bulk_create(deliveries, batch_size=BATCH)

    def _delivery(
        self, n: int, addressee: CableAddressee, plan: PlannedCable, ack: Ack | None
    ) -> CableDelivery:
        delivered = plan.released_at + dt.timedelta(seconds=5 + (n * 7919) % 85)
        delivery = CableDelivery(
            cable=addressee.cable,
            addressee=addressee,
            role=addressee.role,
            unit_id=addressee.unit_id,
            person_id=addressee.person_id,
            delivered_at=delivered,
            read_at=delivered + dt.timedelta(minutes=20 + (n * 104729) % 600) if n % 9 else None,
        )
        level = self.precedences[plan.precedence]
        if ack is None or level.ack_minutes is None:
            return delivery
        due = delivered + dt.timedelta(minutes=level.ack_minutes)
        delivery.ack_due_at = due
        escalate = dt.timedelta(minutes=level.escalate_minutes or 0)
        done = delivered + dt.timedelta(minutes=ack.minutes) if ack.minutes is not None else None
        if done is not None and ack.by is not None:
            delivery.acknowledged_at, delivery.read_at = done, done
            delivery.acknowledged_by_id, delivery.acknowledged_by_name = ack.by, ack.by_name
            self._event(addressee.cable, "acknowledged", done, late=done > due)
        if done is None or done > due:
            delivery.alerted_at = due
            self._event(addressee.cable, "alerted", due)
        if done is None or done > due + escalate:
            delivery.escalated_at = due + escalate
            self._event(addressee.cable, "escalated", due + escalate)
        return delivery

    def _access(self, cables: list[Cable], plans: list[PlannedCable]) -> None:
        """The columns ``access.sync_access`` keeps for a released cable, set in bulk: people
        (drafter, clearer, approver, named addressees) and units (addressees, drafting unit)."""
        people: Any = Cable.distribution.through
        units: Any = Cable.assigned_units.through
        captions: Any = Cable.captions.through
        compartments: Any = Cable.compartments.through
        rows: dict[Any, list[Any]] = defaultdict(list)
        for cable, plan in zip(cables, plans, strict=True):
            persons = {plan.drafter.pk, plan.approver.pk, *(p.pk for p in plan.info_people)}
            if plan.clearer is not None:
                persons.add(plan.clearer.pk)
            rows[people] += [people(cable_id=cable.pk, user_id=pk) for pk in sorted(persons)]
            codes = {*plan.action, *plan.info, plan.drafting_unit}
            rows[units] += [units(cable_id=cable.pk, unit_id=self.units[c].pk) for c in codes]
            rows[captions] += [
                captions(cable_id=cable.pk, caption_id=self.captions[c])
                for c in plan.captions
                if c in self.captions
            ]
            rows[compartments] += [
                compartments(cable_id=cable.pk, compartment_id=self.compartments[c])
                for c in plan.compartments
                if c in self.compartments
            ]
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=BATCH)

    def _event(self, cable: Cable, kind: str, at: dt.datetime, **data: Any) -> None:
        self.events.append((CableEvent(cable=cable, kind=kind, data=data), at))

    def flush_events(self) -> None:
        """Write the collected history, each event at its own time (one UPDATE per batch)."""
        events = [event for event, _at in self.events]
        CableEvent.objects.bulk_create(events, batch_size=BATCH)
        for event, at in self.events:
            event.created_at = at
        CableEvent.objects.bulk_update(events, ["created_at"], batch_size=BATCH)
        self.events = []

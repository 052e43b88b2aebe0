"""Who is told about a delivery: the named person, the people on duty, the unit heads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from chancery.core.service import Role, User
from chancery.documents.cables.constants import DutyLevel
from chancery.documents.models import Cable, CableDelivery, DutyShift


def unit_heads(unit_id: int) -> QuerySet[User]:
    """The active heads of a unit."""
    return User.objects.filter(unit_id=unit_id, is_active=True, roles__contains=[Role.UNIT_HEAD])


def on_duty(unit_id: int, level: int, at: datetime | None = None) -> list[User]:
    """The active people of ``unit_id`` on duty at ``level`` at ``at`` (now by default)."""
    shifts = DutyShift.objects.on_duty(unit_id, at or timezone.now(), level).filter(
        person__is_active=True
    )
    return unique(shift.person for shift in shifts.select_related("person"))


def duty_or_heads(unit_id: int, level: int = DutyLevel.DUTY_OFFICER) -> list[User]:
    """Who answers for a unit now: its roster at ``level``, else its heads."""
    return on_duty(unit_id, level) or list(unit_heads(unit_id))


def duty_or_heads_by_unit(
    unit_ids: Iterable[int], level: int = DutyLevel.DUTY_OFFICER
) -> dict[int, list[User]]:
    """``duty_or_heads`` for many units at once, in two queries (a release to 200 units)."""
    wanted = set(unit_ids)
    now = timezone.now()
    found: dict[int, list[User]] = {unit_id: [] for unit_id in wanted}
    shifts = DutyShift.objects.filter(
        unit_id__in=wanted, level=level, starts_at__lte=now, ends_at__gt=now
    ).filter(person__is_active=True)
    for shift in shifts.select_related("person").order_by("starts_at", "pk"):
        found[shift.unit_id].append(shift.person)
    missing = [unit_id for unit_id, people in found.items() if not people]
    heads = User.objects.filter(
        unit_id__in=missing, is_active=True, roles__contains=[Role.UNIT_HEAD]
    )
    for head in heads.order_by("username"):
        if head.unit_id is not None:
            found[head.unit_id].append(head)
    return {unit_id: unique(people) for unit_id, people in found.items()}


def first_recipients(delivery: CableDelivery) -> list[User]:
    """Who is told a cable arrived: the named person, else the unit's duty officers or heads."""
    if delivery.person_id is not None:
        person = delivery.person
        return [person] if person is not None and person.is_active else []
    if delivery.unit_id is None:
        return []
    return duty_or_heads(delivery.unit_id)


def answering_unit(delivery: CableDelivery) -> int | None:
    """The unit whose roster answers for a delivery: the unit, or the named person's unit."""
    if delivery.unit_id is not None:
        return delivery.unit_id
    person = delivery.person
    return person.unit_id if person is not None else None


def unique(people: Iterable[User | None]) -> list[User]:
    seen: set[int] = set()
    result: list[User] = []
    for person in people:
        if person is not None and person.pk not in seen and person.is_active:
            seen.add(person.pk)
            result.append(person)
    return result


def cable_url(cable: Cable) -> str:
    """The reading view of ``cable`` (the inbox until the archive area routes it)."""
    for name in ("cables:detail", "cables:read"):
        try:
            return reverse(name, args=[cable.pk])
        except NoReverseMatch:
            continue
    return reverse("cables:inbox")


def acting_as(user: User) -> tuple[set[int], set[int]]:
    """Ids of ``user`` and of the people they act for today (delegation), and their units."""
    today = timezone.localdate()
    principals = list(
        User.objects.filter(
            is_active=True,
            delegations_given__delegate_id=user.pk,
            delegations_given__start__lte=today,
            delegations_given__end__gte=today,
            delegations_given__revoked_at__isnull=True,
        ).values_list("pk", "unit_id")
    )
    people = {user.pk, *(pk for pk, _unit in principals)}
    units = {unit for unit in (user.unit_id, *(u for _pk, u in principals)) if unit is not None}
    return people, units

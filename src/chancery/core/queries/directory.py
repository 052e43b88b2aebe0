"""Reading the organisation for the API and other directories: units and the staff list.

Units and the staff directory are open to every active member of staff; what a directory
entry shows of another person stops at name, unit, positions and work e-mail (never their
roles, clearance or compartments).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from chancery.core.constants import MISSION_KINDS
from chancery.core.models import Appointment, Unit, User
from chancery.core.models.org import UnitQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def _staff(user: User | AnonymousUser | Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def units_for(
    user: User | AnonymousUser,
    *,
    kind: str | None = None,
    mission: bool | None = None,
    country: str | None = None,
    search: str | None = None,
    active: bool | None = True,
) -> UnitQuerySet:
    """Units matching the filters, with ``parent_code``; none for anyone not signed in.

    ``search`` matches code, abbreviation and the three names, ignoring case and diacritics.
    """
    if not _staff(user):
        return Unit.objects.none()
    units = Unit.objects.annotate(parent_code=F("parent__code"))
    if active is not None:
        units = units.filter(active=active)
    if kind:
        units = units.filter(kind=kind)
    if mission is not None:
        mission_kinds = [k.value for k in MISSION_KINDS]
        units = (
            units.filter(kind__in=mission_kinds)
            if mission
            else units.exclude(kind__in=mission_kinds)
        )
    if country:
        units = units.filter(host_country=country.upper())
    if search:
        units = units.filter(
            Q(code__icontains=search)
            | Q(abbreviation__icontains=search)
            | Q(name_vi__unaccent__icontains=search)
            | Q(name_en__unaccent__icontains=search)
            | Q(name_fr__unaccent__icontains=search)
        )
    return units


def get_unit_for_user(user: User | AnonymousUser, code: str) -> Unit:
    """The unit with ``code`` (active or not); 404 if there is none."""
    unit = units_for(user, active=None).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def _with_positions(users: QuerySet[User]) -> QuerySet[User]:
    current = Appointment.objects.current().select_related("position", "position__unit")
    return users.select_related("unit").prefetch_related(
        Prefetch("appointments", queryset=current, to_attr="current_appointments")
    )


def staff_directory(
    user: User | AnonymousUser, *, unit: str | None = None, search: str | None = None
) -> QuerySet[User]:
    """Active staff with their unit and current positions; none for anyone not signed in."""
    if not _staff(user):
        return User.objects.none()
    people = User.objects.filter(is_active=True)
    if unit:
        people = people.filter(unit__code=unit)
    if search:
        people = people.filter(
            Q(username__icontains=search)
            | Q(full_name__unaccent__icontains=search)
            | Q(email__icontains=search)
        )
    return _with_positions(people)


def profile_of(user: User) -> User:
    """The signed-in user's own record with unit, positions and compartments loaded."""
    return _with_positions(User.objects.filter(pk=user.pk)).prefetch_related("compartments").get()

"""The duty roster of a unit: who is alerted when an urgent cable is not acknowledged in time.

Unit heads keep their own unit's roster; administrators keep every unit's.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Role, Unit, User, record_audit
from chancery.documents.cables.constants import DutyLevel
from chancery.documents.cables.exceptions import CableError, NotAllowed
from chancery.documents.models import DutyShift


class BadShift(CableError):
    code = "bad-shift"
    message = _("A shift ends after it starts, and its person belongs to the unit.")
    status = 422


def units_managed_by(user: User) -> QuerySet[Unit]:
    """Units whose roster ``user`` keeps: every active unit for an administrator, their own
    unit for a unit head, none otherwise."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.has_role(Role.ADMIN):
        return Unit.objects.active().order_by("code")
    if user.has_role(Role.UNIT_HEAD) and user.unit_id is not None:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def get_managed_unit(user: User, unit_id: int) -> Unit:
    """The unit if ``user`` keeps its roster; ``Http404`` otherwise."""
    unit = units_managed_by(user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def shifts_of(user: User, unit: Unit) -> QuerySet[DutyShift]:
    """The roster of a unit ``user`` keeps, current and future shifts first."""
    get_managed_unit(user, unit.pk)
    return DutyShift.objects.filter(unit=unit).select_related("person").order_by("starts_at")


def add_shift(
    user: User, unit: Unit, *, person: User, level: int, starts_at: datetime, ends_at: datetime
) -> DutyShift:
    """Put ``person`` on the roster of ``unit`` from ``starts_at`` until ``ends_at``.

    Who may: a unit head for their unit, an administrator for any (others get 404). Refuses
    (``BadShift``) a shift that ends before it starts, an unknown level, or a person who is
    not an active member of the unit.
    """
    get_managed_unit(user, unit.pk)
    if ends_at <= starts_at or level not in DutyLevel.values:
        raise BadShift
    if person.unit_id != unit.pk or not person.is_active:
        raise BadShift
    with transaction.atomic():
        shift = DutyShift.objects.create(
            unit=unit,
            person=person,
            level=level,
            starts_at=starts_at,
            ends_at=ends_at,
            created_by=user,
        )
        record_audit(
            user,
            "cables.roster.add",
            shift,
            data={"unit": unit.pk, "person": person.pk, "level": level},
        )
    return shift


def remove_shift(user: User, shift_id: int) -> None:
    """Take a shift off the roster. Who may: as for :func:`add_shift` (others get 404)."""
    with transaction.atomic():
        shift = DutyShift.objects.select_for_update().filter(pk=shift_id).first()
        if shift is None or not units_managed_by(user).filter(pk=shift.unit_id).exists():
            raise Http404
        record_audit(
            user,
            "cables.roster.remove",
            shift,
            data={"unit": shift.unit_id, "person": shift.person_id, "level": shift.level},
        )
        shift.delete()


def refuse_unless_manager(user: User) -> None:
    if not units_managed_by(user).exists():
        raise NotAllowed(_("Only unit heads and administrators keep duty rosters."))

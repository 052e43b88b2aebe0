"""Acting-for: a delegate acts for a principal (their distribution, units and roles) for a
bounded period. Clearance is never delegated (see ``core.access``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.audit import record
from chancery.core.constants import Role
from chancery.core.models import Appointment, Delegation, User

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise


def heads_unit(actor: User, unit_id: int | None) -> bool:
    """Whether ``actor`` heads the unit: a current head appointment there, or the unit-head
    role in that unit."""
    if unit_id is None:
        return False
    if actor.unit_id == unit_id and Role.UNIT_HEAD in actor.roles:
        return True
    return (
        Appointment.objects.current()
        .filter(user=actor, position__unit_id=unit_id, position__is_head=True)
        .exists()
    )


def may_manage(actor: User, principal: User) -> bool:
    """The principal themselves, the head of the principal's unit, or an administrator."""
    if not actor.is_active:
        return False
    return (
        actor.pk == principal.pk
        or actor.has_role(Role.ADMIN)
        or heads_unit(actor, principal.unit_id)
    )


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@transaction.atomic
def create_delegation(
    actor: User,
    principal: User,
    delegate: User,
    start: date,
    end: date | None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Delegation:
    """``delegate`` acts for ``principal`` from ``start`` to ``end`` inclusive.

    May be called by the principal, the head of the principal's unit or an administrator
    (others: PermissionDenied). Refuses (ValidationError) a missing end, an end before the
    start or today, a start in the past, a period over one year, an inactive delegate and
    delegating to oneself.
    """
    if not may_manage(actor, principal):
        raise PermissionDenied
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: StrOrPromise) -> None:
        errors.setdefault(field, []).append(str(message))

    if not delegate.is_active:
        refuse("delegate", _("The delegate's account is not active."))
    if delegate.pk == principal.pk:
        refuse("delegate", _("Nobody can act for themselves."))
    if start < today:
        refuse("start", _("A delegation cannot start in the past."))
    if end is None:
        refuse("end", _("An end date is required."))
    elif end < today:
        refuse("end", _("The end date cannot be in the past."))
    elif end < start:
        refuse("end", _("The end date must not be before the start date."))
    elif end > _one_year_after(start):
        refuse("end", _("A delegation may last at most one year."))
    if errors or end is None:
        raise ValidationError(errors)
    delegation = Delegation.objects.create(
        principal=principal,
        delegate=delegate,
        start=start,
        end=end,
        reason=reason.strip()[:255],
        created_by=actor,
    )
    record(
        actor,
        "delegation.created",
        delegation,
        data={
            "principal": principal.get_username(),
            "delegate": delegate.get_username(),
            "start": start.isoformat(),
            "end": end.isoformat(),
            "reason": delegation.reason,
        },
        request=request,
    )
    return delegation


@transaction.atomic
def revoke_delegation(
    actor: User, delegation: Delegation, request: HttpRequest | None = None
) -> Delegation:
    """End a delegation now.

    May be called by the principal, the delegate (declining), the head of the principal's
    unit or an administrator (others: PermissionDenied). Refuses (ValidationError) one already
    revoked or already over.
    """
    delegation = (
        Delegation.objects.select_for_update().select_related("principal").get(pk=delegation.pk)
    )
    if actor.pk != delegation.delegate_id and not may_manage(actor, delegation.principal):
        raise PermissionDenied
    if delegation.revoked_at is not None:
        raise ValidationError(_("This delegation has already been revoked."))
    if delegation.end < timezone.localdate():
        raise ValidationError(_("This delegation has already ended."))
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at"])
    record(
        actor,
        "delegation.revoked",
        delegation,
        data={
            "principal": delegation.principal.get_username(),
            "delegate_id": delegation.delegate_id,
        },
        request=request,
    )
    return delegation

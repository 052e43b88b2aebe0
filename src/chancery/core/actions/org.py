"""Administering the organisation: units, positions, appointments, staff access, delegations.

A person's roles, clearance, compartments, unit and active flag decide what they may see and
do: every change to them goes through these actions, which check who is asking and write the
audit entry in the same transaction. Delegations have their own actions
(``core.actions.delegation``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from chancery.core.actions.records import (
    delete_audited,
    require_administrator,
    save_audited,
)
from chancery.core.audit import record
from chancery.core.constants import Clearance, Role
from chancery.core.models import Appointment, Compartment, Position, Unit, User

ORG_RECORDS: tuple[type[models.Model], ...] = (Unit, Position, Appointment, Compartment)
# Fields a profile edit may save; everything that grants access goes through update_staff_access.
PROFILE_FIELDS = ("first_name", "last_name", "full_name", "email", "language")


class Keep(enum.Enum):
    """Marks an argument left unchanged (``None`` is a meaningful unit: no unit)."""

    KEEP = "keep"


KEEP = Keep.KEEP


def _org_action(obj: models.Model) -> str:
    if not isinstance(obj, ORG_RECORDS):
        raise TypeError(f"{type(obj).__name__} is not an organisation record")
    return f"org.{obj._meta.model_name}"


def save_org_record(actor: User, obj: Unit | Position | Appointment | Compartment) -> None:
    """Create or change a unit, position, appointment or compartment.

    Administrators only (``PermissionDenied`` otherwise); ``ValidationError`` on invalid data.
    Records ``org.<model>.created`` / ``.changed`` with every changed field.
    """
    require_administrator(actor)
    save_audited(actor, obj, action=_org_action(obj))


def delete_org_record(actor: User, obj: Unit | Position | Appointment | Compartment) -> None:
    """Delete a unit, position, appointment or compartment. Administrators only.

    Refuses (``ProtectedError``) a unit that still has members, children or positions, and a
    position that still has appointments. Records ``org.<model>.deleted``.
    """
    require_administrator(actor)
    delete_audited(actor, obj, action=_org_action(obj))


def create_staff_account(actor: User, user: User) -> None:
    """Create the account ``user`` (username and password already set). Administrators only.

    The new account holds no role, no clearance and no compartment until
    ``update_staff_access`` grants them. Records ``staff.created``.
    """
    require_administrator(actor)
    if not user._state.adding:
        raise ValueError("create_staff_account creates; use update_staff_access to change")
    user.roles, user.clearance = [], Clearance.UNCLASSIFIED
    user.is_staff = user.is_superuser = False
    save_audited(actor, user, action="staff")


def save_staff_profile(actor: User, user: User) -> None:
    """Save the profile fields of ``user`` (names, e-mail, language); nothing that grants access.

    Administrators, or the person themself. Records ``staff.profile.changed``.
    """
    if actor.pk != user.pk:
        require_administrator(actor)
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        changes = {
            name: [getattr(stored, name), getattr(user, name)]
            for name in PROFILE_FIELDS
            if getattr(stored, name) != getattr(user, name)
        }
        if changes:
            user.full_clean(
                exclude=[f.name for f in User._meta.fields if f.name not in PROFILE_FIELDS]
            )
            User.objects.filter(pk=user.pk).update(
                **{name: new for name, (_, new) in changes.items()}
            )
            record(actor, "staff.profile.changed", stored, data={"changes": changes})


def check_staff_access_change(actor: User, user: User, changes: dict[str, Any]) -> None:
    """Refuse a change of access ``actor`` may not make; ``changes`` maps field to new value.

    Shared by ``update_staff_access`` and the admin form, which shows the refusal inline.
    """
    require_administrator(actor)
    unknown = set(changes.get("roles", ())) - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown roles: %(roles)s"), params={"roles": sorted(unknown)})
    clearance = changes.get("clearance")
    if clearance is not None and clearance not in Clearance.values:
        raise ValidationError(_("Unknown clearance level."))
    if clearance is not None and clearance > actor.clearance:
        raise PermissionDenied(_("Nobody may grant a clearance above their own."))
    if changes.get("is_superuser") and not actor.is_superuser:
        raise PermissionDenied(_("Only a superuser may make another account a superuser."))
    drops_own_admin = "roles" in changes and Role.ADMIN not in changes["roles"]
    if actor.pk == user.pk and (
        changes.get("is_active") is False or (drops_own_admin and not actor.is_superuser)
    ):
        raise PermissionDenied(
            _("You may not deactivate your own account or remove your own administrator role.")
        )


def update_staff_access(
    actor: User,
    user: User,
    *,
    roles: Iterable[str] | None = None,
    clearance: int | None = None,
    compartments: Iterable[Compartment] | None = None,
    unit: Unit | Keep | None = KEEP,
    is_active: bool | None = None,
    is_staff: bool | None = None,
    is_superuser: bool | None = None,
) -> dict[str, list[Any]]:
    """Change what ``user`` may see and do; arguments left out stay as they are.

    Administrators only. Refuses (``PermissionDenied``) a clearance above the actor's own,
    making a superuser unless the actor is one, and locking oneself out (deactivating one's own
    account or dropping one's own admin role); ``ValidationError`` for unknown roles or levels.
    Only what actually changes is checked, so an administrator may edit someone cleared above
    them without touching the clearance. Records ``staff.access.changed`` with the old and new
    values, and returns them.
    """
    wanted: dict[str, Any] = {
        "roles": sorted(set(roles)) if roles is not None else None,
        "clearance": int(clearance) if clearance is not None else None,
        "is_active": is_active,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
    }
    wanted = {name: value for name, value in wanted.items() if value is not None}
    if unit is not KEEP:
        wanted["unit_id"] = unit.pk if unit is not None else None
    require_administrator(actor)
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        current = {name: getattr(stored, name) for name in wanted}
        if "roles" in current:
            current["roles"] = sorted(current["roles"])
        changes = {
            name: [current[name], value] for name, value in wanted.items() if current[name] != value
        }
        check_staff_access_change(actor, stored, {name: new for name, (_, new) in changes.items()})
        for name, (_old, new) in changes.items():
            setattr(stored, name, new)
            setattr(user, name, new)
        if changes:
            stored.save(update_fields=[name.removesuffix("_id") for name in changes])
        if compartments is not None:
            held = {c.code for c in stored.compartments.all()}
            new_set = list(compartments)
            if held != {c.code for c in new_set}:
                stored.compartments.set(new_set)
                changes["compartments"] = [sorted(held), sorted(c.code for c in new_set)]
        if changes:
            record(actor, "staff.access.changed", stored, data={"changes": changes})
    return changes


def delete_staff_account(actor: User, user: User) -> None:
    """Delete an account. Administrators only; nobody deletes their own account.

    Audit entries keep the account's name (the chain never points at a deleted row by
    constraint). Deactivating (``update_staff_access(is_active=False)``) is usually better.
    """
    require_administrator(actor)
    if actor.pk == user.pk:
        raise PermissionDenied(_("You may not delete your own account."))
    delete_audited(actor, user, action="staff")

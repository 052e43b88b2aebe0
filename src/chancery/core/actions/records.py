"""Audited saving and deleting of administrative records (units, positions, calendars...).

The organisation and calendar actions build on these two helpers so that every change made in
the admin leaves one audit entry, written in the same transaction, listing each changed field
with its old and new value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from chancery.core.audit import record
from chancery.core.constants import Role

if TYPE_CHECKING:
    from chancery.core.models import User


def is_administrator(user: Any) -> bool:
    """Whether ``user`` administers Chancery: an active superuser or holder of the admin role.

    Only the person's own roles count: administering access is never obtained by delegation.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or Role.ADMIN in user.roles)


def require_administrator(actor: Any) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` is an administrator."""
    if not is_administrator(actor):
        raise PermissionDenied(_("Only administrators may make this change."))


# Never copied into the audit chain, which many may read and nobody may erase.
UNRECORDED_FIELDS = frozenset({"password"})


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The value of every concrete field but secrets, keyed by attribute name."""
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if field.attname not in UNRECORDED_FIELDS
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value and name != "updated_at"
    }


def save_audited(actor: User, obj: models.Model, *, action: str) -> dict[str, list[Any]]:
    """Validate and save ``obj``; record ``<action>.created`` or ``<action>.changed``.

    The caller has checked permission. Nothing is recorded when nothing changed. Returns the
    changes. Raises ``ValidationError`` on invalid data.
    """
    manager: Any = type(obj)._default_manager
    with transaction.atomic():
        stored = None
        if not obj._state.adding:
            stored = manager.select_for_update().filter(pk=obj.pk).first()
        obj.full_clean()
        before = snapshot(stored) if stored is not None else {}
        obj.save()
        changes = diff(before, snapshot(obj))
        if changes:
            verb = "changed" if stored is not None else "created"
            record(actor, f"{action}.{verb}", obj, data={"changes": changes})
    return changes


def delete_audited(actor: User, obj: models.Model, *, action: str) -> None:
    """Delete ``obj`` and record ``<action>.deleted`` with its last values.

    The caller has checked permission. Raises ``ProtectedError`` when other records still
    point at it (a unit with staff, a position with appointments).
    """
    with transaction.atomic():
        record(actor, f"{action}.deleted", obj, data={"values": snapshot(obj)})
        obj.delete()

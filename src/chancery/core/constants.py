"""Vocabularies shared by every app: clearance levels, roles, kinds of unit, API scopes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Clearance(models.IntegerChoices):
    """Classification of an object and clearance of a person, lowest to highest."""

    UNCLASSIFIED = 0, _("Unclassified")
    CONFIDENTIAL = 1, _("Confidential (Mật)")
    SECRET = 2, _("Secret (Tối mật)")
    TOP_SECRET = 3, _("Top secret (Tuyệt mật)")


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_HEAD = "unit_head", _("Unit head")
    LEADER = "leader", _("Ministry leader")
    CONSULAR_OFFICER = "consular_officer", _("Consular officer")
    EDITOR = "editor", _("Editor")
    DATA_STEWARD = "data_steward", _("Data steward")
    TRAINER = "trainer", _("Trainer")
    ARCHIVIST = "archivist", _("Archivist")
    ADMIN = "admin", _("Administrator")


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office")
    DIVISION = "division", _("Division")
    EMBASSY = "embassy", _("Embassy")
    CONSULATE_GENERAL = "consulate_general", _("Consulate-general")
    PERMANENT_MISSION = "permanent_mission", _("Permanent mission")


# A tuple, not a set: migrations serialise it and must see the same order every time.
MISSION_KINDS = (UnitKind.EMBASSY, UnitKind.CONSULATE_GENERAL, UnitKind.PERMANENT_MISSION)


class AppointmentKind(models.TextChoices):
    SUBSTANTIVE = "substantive", _("Holds the position")
    ACTING = "acting", _("Acting in the position")
    POSTING = "posting", _("Posted abroad for a term")


@dataclass(frozen=True)
class ApiScope:
    """A permission a personal API token may carry. ``roles`` empty: any active staff member.

    A scope never widens what its holder may do: a token carrying it still acts as its owner,
    with the owner's current roles, clearance and visibility.
    """

    code: str
    label: StrOrPromise
    roles: tuple[str, ...] = ()


# The vocabulary of API scopes, extended by every app that adds endpoints
# (``core.service.register_scope``, called from the app's ``constants.py``).
API_SCOPES: dict[str, ApiScope] = {}


def register_scope(code: str, label: StrOrPromise, *, roles: tuple[str, ...] = ()) -> ApiScope:
    """Add a scope to the vocabulary; registering the same code twice differently is a bug."""
    scope = ApiScope(code, label, tuple(str(role) for role in roles))
    existing = API_SCOPES.get(code)
    # Labels are lazy translations, not compared: evaluating them here may precede app loading.
    if existing is not None and existing.roles != scope.roles:
        raise ValueError(f"API scope {code!r} is already registered differently")
    API_SCOPES[code] = scope
    return scope


register_scope("read:org", _("Read the organisation: units, the staff directory, your profile"))
register_scope("read:tokens", _("List your personal API tokens"))
register_scope("write:tokens", _("Create and revoke your personal API tokens"))
register_scope("read:notifications", _("Read your notifications"))
register_scope("write:notifications", _("Mark your notifications as read"))
register_scope("read:audit", _("Read the audit log"), roles=(Role.ADMIN,))

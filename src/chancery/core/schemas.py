"""Shapes of core's API: what the organisation and token endpoints send and accept."""

# No ``from __future__ import annotations``: Ninja and pydantic read these annotations at run
# time, and some are resolved in other modules' namespaces.

from datetime import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from chancery.core.apikit import granted_scopes, identify
from chancery.core.constants import Clearance, Role, UnitKind
from chancery.core.models import ApiToken, Appointment, Unit, User
from chancery.lib.pagination import CursorQuery


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    abbreviation: str
    kind: UnitKind
    kind_label: str
    name: str = Field(description="In the request's language, falling back to Vietnamese.")
    names: dict[str, str] = Field(description="The name in each working language.")
    parent: str | None = Field(description="Code of the parent unit.")
    is_mission: bool
    host_country: str = Field(description="ISO 3166-1 alpha-2; empty at headquarters.")
    city: str
    time_zone: str
    languages: list[str]
    email: str
    active: bool

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        # Not get_kind_display(): it rebuilds a hashable copy of all choices on every call.
        return str(UnitKind(obj.kind).label)

    @staticmethod
    def resolve_names(obj: Unit) -> dict[str, str]:
        return {"vi": obj.name_vi, "en": obj.name_en, "fr": obj.name_fr}

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        code = getattr(obj, "parent_code", None)
        return str(code) if code else None


class UnitQuery(CursorQuery):
    kind: UnitKind | None = None
    mission: bool | None = Field(None, description="Only missions abroad (true) or only HQ.")
    country: str | None = Field(None, min_length=2, max_length=2, description="Host country.")
    q: str | None = Field(None, max_length=100, description="Search code, abbreviation, names.")
    active: bool | None = Field(True, description="Active units only by default.")


class PositionOut(Schema):
    name: str
    unit: str = Field(description="Code of the unit the position belongs to.")
    acting: bool

    @staticmethod
    def resolve_name(obj: Appointment) -> str:
        return obj.position.name

    @staticmethod
    def resolve_unit(obj: Appointment) -> str:
        return obj.position.unit.code

    @staticmethod
    def resolve_acting(obj: Appointment) -> bool:
        return obj.kind == "acting"


def _positions(user: User) -> list[Any]:
    return list(getattr(user, "current_appointments", []))


def _unit_ref(user: User) -> dict[str, str] | None:
    return {"code": user.unit.code, "name": user.unit.name} if user.unit else None


class StaffOut(Schema):
    username: str
    name: str
    email: str
    unit: UnitRef | None
    positions: list[PositionOut]

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)

    @staticmethod
    def resolve_unit(obj: User) -> dict[str, str] | None:
        return _unit_ref(obj)

    @staticmethod
    def resolve_positions(obj: User) -> list[Any]:
        return _positions(obj)


class StaffQuery(CursorQuery):
    unit: str | None = Field(None, max_length=32, description="Code of the unit.")
    q: str | None = Field(None, max_length=100, description="Search username, name, e-mail.")


class Labelled(Schema):
    code: str
    label: str


class ClearanceOut(Schema):
    level: int = Field(description="0 Unclassified, 1 Confidential, 2 Secret, 3 Top secret.")
    label: str


class TokenInfo(Schema):
    prefix: str
    scopes: list[str]
    expires_at: datetime


class MeOut(StaffOut):
    language: str
    roles: list[Labelled]
    clearance: ClearanceOut
    compartments: list[str]
    scopes: list[str] = Field(description="What this request may do.")
    token: TokenInfo | None = Field(description="The token of this request, if any.")

    @staticmethod
    def resolve_roles(obj: User) -> list[dict[str, str]]:
        labels = dict(Role.choices)
        return [{"code": role, "label": str(labels.get(role, role))} for role in obj.roles]

    @staticmethod
    def resolve_clearance(obj: User) -> dict[str, Any]:
        return {"level": obj.clearance, "label": str(Clearance(obj.clearance).label)}

    @staticmethod
    def resolve_compartments(obj: User) -> list[str]:
        return [compartment.code for compartment in obj.compartments.all()]

    @staticmethod
    def resolve_scopes(obj: User, context: dict[str, Any]) -> list[str]:
        return sorted(granted_scopes(context["request"]))

    @staticmethod
    def resolve_token(obj: User, context: dict[str, Any]) -> ApiToken | None:
        principal = identify(context["request"])
        return principal.token if principal is not None else None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    status: str = Field(description="active, expired or revoked.")

    @staticmethod
    def resolve_status(obj: ApiToken) -> str:
        return obj.state


class TokenCreated(TokenOut):
    secret: str | None = Field(
        description="The full token, shown once; null when an idempotent request is replayed."
    )


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[str] = Field(min_length=1, max_length=50)
    expires_at: AwareDatetime = Field(description="At most one year from now.")

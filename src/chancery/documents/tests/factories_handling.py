"""People and units of the handling tests: a holding unit, two handling units, a leader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chancery.core.constants import Clearance, Role
from chancery.core.models import Unit, User
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.models import Document
from chancery.documents.tests.factories import DocumentFactory


@dataclass
class Office:
    """The holding unit ``registry`` with its clerk; the handling units ``lead`` and
    ``other`` with a head and a specialist each; a ministry leader. Everyone is cleared to
    Secret, so a classified document's access depends on distribution and assignment only."""

    registry: Unit
    lead: Unit
    other: Unit
    leader: User
    clerk: User
    head: User
    specialist: User
    other_head: User
    other_specialist: User

    def document(self, **kwargs: Any) -> Document:
        kwargs.setdefault("unit", self.registry)
        kwargs.setdefault("created_by", self.clerk)
        return DocumentFactory(**kwargs)


def office() -> Office:
    registry, lead, other = UnitFactory(), UnitFactory(), UnitFactory()

    def person(unit: Unit, role: Role) -> User:
        return UserFactory(unit=unit, roles=[role.value], clearance=Clearance.SECRET, language="en")

    return Office(
        registry=registry,
        lead=lead,
        other=other,
        leader=person(registry, Role.LEADER),
        clerk=person(registry, Role.CLERK),
        head=person(lead, Role.UNIT_HEAD),
        specialist=person(lead, Role.SPECIALIST),
        other_head=person(other, Role.UNIT_HEAD),
        other_specialist=person(other, Role.SPECIALIST),
    )

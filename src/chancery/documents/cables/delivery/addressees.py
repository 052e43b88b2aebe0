"""A received cable's addressees, matched to this instance's units and people."""

from __future__ import annotations

from typing import Any

from chancery.core.service import Unit, User
from chancery.documents.models import Cable, CableAddressee


def file_addressees(cable: Cable, items: list[dict[str, Any]]) -> list[CableAddressee]:
    """Create the addressees of a received cable: units by code, people by username when they
    have an account here (else their unit, when known, so the cable still reaches it). An
    addressee unknown here is left out: it is served by another instance."""
    unit_codes = {i["unit"] for i in items if i.get("unit")} | {
        i["person_unit"] for i in items if i.get("person_unit")
    }
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    usernames = {i["person"] for i in items if i.get("person")}
    people = {p.username: p for p in User.objects.filter(username__in=usernames)}
    rows: list[CableAddressee] = []
    taken_units: set[int] = set()
    taken_people: set[int] = set()
    # Units first, so that a person's fallback never displaces a named unit.
    ordered = sorted(items, key=lambda i: 0 if i.get("unit") else 1)
    for item in ordered:
        person = people.get(item.get("person") or "")
        unit = units.get(item.get("unit") or "")
        if person is not None and person.pk not in taken_people:
            taken_people.add(person.pk)
            rows.append(CableAddressee(cable=cable, role=item["role"], person=person))
            continue
        unit = unit or (units.get(item.get("person_unit") or "") if item.get("person") else None)
        if unit is not None and unit.pk not in taken_units:
            taken_units.add(unit.pk)
            rows.append(CableAddressee(cable=cable, role=item["role"], unit=unit))
    return CableAddressee.objects.bulk_create(rows)

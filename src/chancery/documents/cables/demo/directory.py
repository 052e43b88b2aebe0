"""Who and what the demo cables can involve, read once from core's demo organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from chancery.core.service import Role, Unit, UnitKind, User

# Regional department of headquarters that handles each host country (others: foreign policy).
REGIONS: dict[str, tuple[str, ...]] = {
    "northeast-asia": ("CN", "JP", "KR", "MN"),
    "southeast-asia": ("LA", "KH", "TH", "SG", "ID", "PH", "MY", "MM", "IN", "AU", "NZ"),
    "middle-east-africa": ("SA", "AE", "QA", "KW", "IL", "EG", "ZA", "DZ", "NG", "AO", "MA"),
    "europe": ("FR", "DE", "GB", "RU", "IT", "CZ", "PL", "BE", "ES", "NL"),
    "americas": ("US", "CA", "BR", "MX", "CU", "AR", "CL"),
}
# Functional departments informed of (or drafting) cables on a subject tag.
FUNCTIONAL: dict[str, str] = {
    "CASC": "consular",
    "CVIS": "consular",
    "KOVS": "overseas-vietnamese",
    "KPAO": "press",
    "OVIP": "protocol",
    "OEXC": "external-relations",
    "ECON": "economic-affairs",
    "ETRD": "multilateral-economic",
    "EINV": "economic-affairs",
    "KTIA": "law-treaties",
    "SCUL": "cultural-diplomacy",
    "SEDU": "cultural-diplomacy",
    "PBTS": "boundary",
    "AMGT": "administration",
    "AFIN": "planning-finance",
    "APER": "personnel",
    "KUNR": "international-organisations",
    "PHUM": "international-organisations",
    "PREL": "foreign-policy",
    "PGOV": "foreign-policy",
    "SENV": "multilateral-economic",
}


@dataclass(frozen=True)
class Person:
    pk: int
    unit: str
    roles: tuple[str, ...]
    clearance: int
    compartments: frozenset[str]
    name: str


@dataclass(frozen=True)
class Post:
    code: str
    country: str
    place_vi: str
    place_en: str
    english: bool  # a permanent mission to the UN system writes mostly in English


@dataclass
class Directory:
    units: dict[str, Unit]
    people: dict[str, list[Person]] = field(default_factory=lambda: defaultdict(list))
    missions: list[Post] = field(default_factory=list)
    accounts: dict[str, Person] = field(default_factory=dict)
    headquarters: str = "mofa"

    def region(self, post: Post) -> str:
        if post.code.startswith("pm-"):
            return "international-organisations"
        for unit, countries in REGIONS.items():
            if post.country in countries and unit in self.units:
                return unit
        return "foreign-policy"

    def staff(self, unit: str, level: int = 0) -> list[Person]:
        return [p for p in self.people.get(unit, []) if p.clearance >= level]

    def head(self, unit: str, level: int = 0) -> Person | None:
        heads = [p for p in self.staff(unit, level) if Role.UNIT_HEAD in p.roles]
        return heads[0] if heads else None

    def top_level(self, unit: str) -> int:
        return max((p.clearance for p in self.people.get(unit, [])), default=0)

    def leaders(self, level: int = 0) -> list[Person]:
        return [p for p in self.staff(self.headquarters, level) if Role.LEADER in p.roles]

    def named(self, username: str) -> Person | None:
        """A demo account by username (None when core's demo does not have it)."""
        return self.accounts.get(username)


def _place(name: str, marker: str) -> str:
    return name.split(marker)[-1].strip() if marker in name else name


def load_directory() -> Directory | None:
    """Core's demo units, missions and staff; None when core's demo is not loaded."""
    units = {unit.code: unit for unit in Unit.objects.filter(active=True)}
    if "mofa" not in units or "europe" not in units:
        return None
    directory = Directory(units=units)
    rows = (
        User.objects.filter(is_active=True, unit__isnull=False)
        .order_by("username")
        .values_list(
            "pk", "username", "unit__code", "roles", "clearance", "full_name", "compartments__code"
        )
    )
    seen: dict[int, Person] = {}
    names: dict[int, str] = {}
    for pk, username, unit, roles, clearance, name, compartment in rows:
        names[pk] = username
        person = seen.get(pk) or Person(pk, unit, tuple(roles), clearance, frozenset(), name)
        if compartment:
            person = Person(
                pk, unit, person.roles, clearance, person.compartments | {compartment}, name
            )
        seen[pk] = person
    for person in seen.values():
        directory.people[person.unit].append(person)
        directory.accounts[names[person.pk]] = person
    for post in sorted(units.values(), key=lambda u: u.code):
        if post.is_mission and directory.head(post.code) is not None:
            directory.missions.append(
                Post(
                    post.code,
                    post.host_country,
                    _place(post.name_vi, " tại "),
                    _place(post.name_en, " in "),
                    post.kind == UnitKind.PERMANENT_MISSION,
                )
            )
    return directory

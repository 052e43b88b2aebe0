"""The demo ministry: realistic, complete enough to try every role, and safe to load twice."""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from chancery.core import calendars, demo
from chancery.core.constants import AppointmentKind, Clearance, Role
from chancery.core.models import (
    Appointment,
    AuditEntry,
    CalendarDay,
    Compartment,
    Delegation,
    Position,
    Unit,
    User,
)

pytestmark = pytest.mark.django_db

# The continent a mission is on, from its IANA time zone: independent of the demo's own data.
CONTINENT = {
    "Africa": "Africa",
    "America": "Americas",
    "Asia": "Asia",
    "Europe": "Europe",
    "Australia": "Oceania",
    "Pacific": "Oceania",
}


@pytest.fixture(scope="module")
def loaded(django_db_setup: Any, django_db_blocker: Any) -> Iterator[list[str]]:
    """The organisation loaded once for the module (the other apps' demos are theirs to test),
    rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo.load(only=())
        transaction.set_rollback(True)
    calendars.invalidate()


def test_demo_has_twenty_headquarters_units_named_in_three_languages(loaded: list[str]) -> None:
    headquarters = Unit.objects.headquarters()
    assert headquarters.count() >= 20
    assert not headquarters.filter(name_en="").exists()
    assert not headquarters.filter(name_fr="").exists()
    consular = Unit.objects.get(name_vi="Cục Lãnh sự")
    assert (consular.name_en, consular.name_fr, consular.abbreviation) == (
        "Consular Department",
        "Département consulaire",
        "LS",
    )
    assert Unit.objects.get(name_vi="Vụ Luật pháp và Điều ước quốc tế").name_en == (
        "Department of International Law and Treaties"
    )


def test_demo_missions_cover_every_continent_with_valid_places(loaded: list[str]) -> None:
    missions = list(Unit.objects.missions())
    assert len(missions) >= 30
    continents = {CONTINENT[mission.time_zone.split("/")[0]] for mission in missions}
    assert continents == {"Africa", "Americas", "Asia", "Europe", "Oceania"}
    for mission in missions:
        assert len(mission.host_country) == 2
        assert mission.city
        assert mission.languages
        zoneinfo.ZoneInfo(mission.time_zone)
    places = {(m.kind, m.host_country, m.city) for m in missions}
    assert ("permanent_mission", "US", "New York") in places
    assert ("permanent_mission", "CH", "Geneva") in places
    assert ("permanent_mission", "ID", "Jakarta") in places
    assert any(kind == "consulate_general" for kind, _, _ in places)


def test_demo_staff_have_units_roles_clearances_and_appointments(loaded: list[str]) -> None:
    staff = User.objects.exclude(username="admin")
    assert 90 <= staff.count() <= 130
    assert not staff.filter(unit__isnull=True).exists()
    assert set(staff.values_list("clearance", flat=True)) == set(Clearance.values)
    held = {role for roles in staff.values_list("roles", flat=True) for role in roles}
    assert held == set(Role.values)
    assert not staff.filter(appointments__isnull=True).exists()
    postings = Appointment.objects.filter(kind=AppointmentKind.POSTING)
    assert postings.filter(end__isnull=False).count() >= 10
    assert postings.filter(position__unit__kind__in=["embassy", "consulate_general"]).exists()
    assert User.objects.filter(compartments__code="NEGOTIATIONS").count() >= 3
    assert Delegation.objects.active().count() >= 2


def test_every_main_role_has_an_unclassified_demo_account(loaded: list[str]) -> None:
    main_roles = set(Role.values)
    unclassified = User.objects.filter(clearance=Clearance.UNCLASSIFIED, unit__isnull=False)
    printed = "\n".join(loaded)
    for role in main_roles:
        account = unclassified.filter(roles__contains=[role]).order_by("pk").first()
        assert account is not None, role
    for username in ("admin", "quantri", "vanthu", "chuyenvien", "lanhdao.tuyetmat"):
        assert username in printed
        assert User.objects.get(username=username).check_password(demo.DEMO_PASSWORD)
    assert demo.DEMO_PASSWORD in printed
    assert "TOTP" in printed
    assert "WebAuthn" in printed


def test_loading_twice_creates_nothing_new_and_does_not_fail(loaded: list[str]) -> None:
    models = (Unit, Position, Compartment, User, Appointment, Delegation, CalendarDay)
    before = {model: model.objects.count() for model in models}
    entries = AuditEntry.objects.count()

    again = demo.load(progress=True, only=())

    assert {model: model.objects.count() for model in models} == before
    assert again == loaded
    assert AuditEntry.objects.count() == entries


def test_demo_data_is_the_same_on_every_run() -> None:
    from chancery.core.demo.people import people

    assert people() == people()
    usernames = [person.username for person in people()]
    assert len(usernames) == len(set(usernames))


def test_the_command_loads_the_parts_asked_for_and_refuses_unknown_ones(
    loaded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []

    def part(name: str) -> Callable[[], int]:
        def load() -> int:
            runs.append(name)
            return 0

        return load

    monkeypatch.setattr(demo, "EXTENSIONS", {"first": part("first"), "second": part("second")})
    out = io.StringIO()
    call_command("demo", only=["core"], verbosity=0, stdout=out)
    assert out.getvalue().splitlines() == loaded
    assert runs == []
    call_command("demo", only=["second"], verbosity=0, stdout=out)
    assert runs == ["second"]
    call_command("demo", verbosity=0, stdout=out)
    assert runs == ["second", "first", "second"]
    with pytest.raises(CommandError, match=r"Unknown demo part.*nosuch.*known: core"):
        call_command("demo", only=["nosuch"], verbosity=0)


@pytest.mark.slow
def test_the_whole_demo_loads_every_apps_part_on_the_organisation() -> None:
    """What ``make run`` loads: every registered part, each on top of the ones before it (each
    app's own tests load its part twice; this is the one run of all of them together)."""
    demo.load()
    created = AuditEntry.objects.filter(action="demo.loaded").latest("pk").data["created"]
    assert set(demo.EXTENSIONS) <= set(created)
    assert all(created[name] > 0 for name in demo.EXTENSIONS), created
    calendars.invalidate()

"""The loading steps: each creates, in bulk, what is missing and returns how many it created."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from chancery.core.constants import AppointmentKind, Role
from chancery.core.demo.missions import MISSION_TITLES, MISSIONS, MissionSpec
from chancery.core.demo.people import COMPARTMENTS, Person, past_postings, people
from chancery.core.demo.units import HEADQUARTERS, HQ_COMMON, MINISTRY, TITLES, UnitSpec
from chancery.core.models import (
    Appointment,
    CalendarDay,
    CalendarDayKind,
    Compartment,
    Delegation,
    Position,
    Unit,
    User,
    WorkCalendar,
)

STYLE = {unit.code: unit.style for unit in (MINISTRY, *HEADQUARTERS)}
KIND = {mission.code: mission.kind for mission in MISSIONS}


def _titles(unit_code: str) -> tuple[tuple[str, str, str, str, bool, int], ...]:
    if unit_code in KIND:
        return MISSION_TITLES[KIND[unit_code]]
    style = STYLE[unit_code]
    return TITLES[style] if style == "ministry" else (*TITLES[style], *HQ_COMMON)


def _unit(spec: UnitSpec | MissionSpec, parent_id: int | None) -> Unit:
    fields = {k: v for k, v in spec._asdict().items() if k not in ("style", "parent")}
    if "languages" in fields:
        fields["languages"] = list(fields["languages"])
    return Unit(parent_id=parent_id, **fields)


def units(_password: str) -> int:
    existing = set(Unit.objects.values_list("code", flat=True))
    count = 0
    # Parents first: the ministry, then its departments, then their divisions and the missions.
    for wave in (
        (MINISTRY,),
        tuple(u for u in HEADQUARTERS if u.parent == MINISTRY.code),
        tuple(u for u in HEADQUARTERS if u.parent != MINISTRY.code),
        MISSIONS,
    ):
        parents = dict(Unit.objects.values_list("code", "pk"))
        new = [
            _unit(spec, parents.get(getattr(spec, "parent", MINISTRY.code) or ""))
            for spec in wave
            if spec.code not in existing
        ]
        count += len(Unit.objects.bulk_create(new))
    return count


def positions(_password: str) -> int:
    unit_ids = dict(Unit.objects.values_list("code", "pk"))
    existing = set(Position.objects.values_list("unit_id", "name_vi"))
    new = [
        Position(
            unit_id=unit_ids[code], name_vi=vi, name_en=en, name_fr=fr, is_head=head, rank=rank
        )
        for code in (MINISTRY.code, *(u.code for u in HEADQUARTERS), *(m.code for m in MISSIONS))
        for _key, vi, en, fr, head, rank in _titles(code)
        if (unit_ids[code], vi) not in existing
    ]
    return len(Position.objects.bulk_create(new))


def compartments(_password: str) -> int:
    existing = set(Compartment.objects.values_list("code", flat=True))
    new = [
        Compartment(code=code, name_vi=vi, name_en=en, name_fr=fr)
        for code, vi, en, fr in COMPARTMENTS
        if code not in existing
    ]
    return len(Compartment.objects.bulk_create(new))


def staff(password: str) -> int:
    everyone = people()
    existing = set(User.objects.values_list("username", flat=True))
    missing = [person for person in everyone if person.username not in existing]
    if not missing:
        return 0
    unit_ids = dict(Unit.objects.values_list("code", "pk"))
    # One hash for everyone: hashing a hundred times would take most of the load time.
    hashed = make_password(password)
    new = []
    for person in missing:
        family, given = person.full_name.rsplit(" ", 1)
        new.append(
            User(
                username=person.username,
                password=hashed,
                full_name=person.full_name,
                first_name=given,
                last_name=family,
                email=f"{person.username}@chancery.invalid",
                unit_id=unit_ids[person.unit],
                roles=[str(r) for r in person.roles],
                clearance=person.clearance,
                is_staff=Role.ADMIN in person.roles,
            )
        )
    created = User.objects.bulk_create(new)
    compartment_ids = dict(Compartment.objects.values_list("code", "pk"))
    through = User.compartments.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, compartment_id=compartment_ids[code])
            for user, person in zip(created, missing, strict=True)
            for code in person.compartments
        ]
    )
    return len(created)


def _position_ids() -> dict[tuple[str, str], int]:
    """(unit code, title key) -> position id."""
    by_name = {
        (code, vi): pk
        for code, vi, pk in Position.objects.values_list("unit__code", "name_vi", "pk")
    }
    return {
        (code, key): by_name[(code, vi)]
        for code in (MINISTRY.code, *(u.code for u in HEADQUARTERS), *(m.code for m in MISSIONS))
        for key, vi, *_rest in _titles(code)
        if (code, vi) in by_name
    }


def appointments(_password: str) -> int:
    everyone: list[Person] = people()
    user_ids = dict(User.objects.values_list("username", "pk"))
    position_ids = _position_ids()
    wanted = [(p.username, p.unit, p.title, p.appointment, p.start, p.end) for p in everyone] + [
        (username, mission, title, AppointmentKind.POSTING, start, end)
        for username, mission, title, start, end in past_postings(everyone)
    ]
    existing = set(Appointment.objects.values_list("user_id", "position_id", "start"))
    new = []
    for username, unit, title, kind, start, end in wanted:
        user_id, position_id = user_ids.get(username), position_ids.get((unit, title))
        if user_id is None or position_id is None or (user_id, position_id, start) in existing:
            continue
        existing.add((user_id, position_id, start))
        new.append(
            Appointment(user_id=user_id, position_id=position_id, kind=kind, start=start, end=end)
        )
    return len(Appointment.objects.bulk_create(new))


# (principal, delegate's unit and title, reason): a head away, their deputy acting for them.
DELEGATIONS = (
    ("truongvu.toimat", "europe", "deputy", "Đi công tác nước ngoài / Mission abroad"),
    (
        "daisu.paris",
        "emb-fr",
        None,
        "Đại sứ nghỉ phép – Đại biện lâm thời / Chargé d'affaires a.i.",
    ),
)


def delegations(_password: str) -> int:
    everyone = people()
    today = timezone.localdate()
    count = 0
    for principal_name, unit, title, reason in DELEGATIONS:
        delegate_name = next(
            p.username
            for p in everyone
            if p.unit == unit and p.username != principal_name and title in (None, p.title)
        )
        principal = User.objects.get(username=principal_name)
        delegate = User.objects.get(username=delegate_name)
        if Delegation.objects.filter(
            principal=principal, delegate=delegate, reason=reason
        ).exists():
            continue
        Delegation.objects.create(
            principal=principal,
            delegate=delegate,
            reason=reason,
            start=today - timedelta(days=7),
            end=today + timedelta(days=60),
        )
        count += 1
    return count


def _geneva_fast(year: int) -> date:
    """Jeûne genevois: the Thursday after the first Sunday of September, a Geneva holiday."""
    first = date(year, 9, 1)
    first_sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return first_sunday + timedelta(days=4)


def work_calendars(_password: str) -> int:
    count = 0
    for code, note in (
        ("VN", "Lịch của Bộ: nhập các ngày nghỉ, ngày làm bù Chính phủ quyết định hằng năm."),
        ("mission:pm-geneva", "Ngày lễ của bang Genève (không có trong lịch liên bang Thụy Sĩ)."),
    ):
        count += WorkCalendar.objects.get_or_create(code=code, defaults={"note": note})[1]
    year = timezone.localdate().year
    for day in (_geneva_fast(year), _geneva_fast(year + 1)):
        count += CalendarDay.objects.get_or_create(
            calendar_id="mission:pm-geneva",
            day=day,
            defaults={
                "kind": CalendarDayKind.DAY_OFF,
                "name_vi": "Ngày ăn chay Genève",
                "name_en": "Geneva Fast",
                "name_fr": "Jeûne genevois",
            },
        )[1]
    return count


STEPS: tuple[tuple[str, Callable[[str], int]], ...] = (
    ("units", units),
    ("positions", positions),
    ("compartments", compartments),
    ("staff", staff),
    ("appointments", appointments),
    ("delegations", delegations),
    ("calendars", work_calendars),
)

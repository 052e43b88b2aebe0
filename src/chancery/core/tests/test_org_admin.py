"""Administering the organisation: admin screens for administrators only, audited access changes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from chancery.core import calendars
from chancery.core.actions.org import save_org_record, update_staff_access
from chancery.core.constants import AppointmentKind, Clearance, Role
from chancery.core.models import Appointment, AuditEntry, Delegation, Unit, User, WorkCalendar
from chancery.core.tests.factories import (
    CompartmentFactory,
    PositionFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_and_fresh_calendars(settings: Any) -> Any:
    # Assertions read English messages whatever the Vietnamese catalogue holds.
    settings.LANGUAGE_CODE = "en"
    calendars.invalidate()
    yield
    calendars.invalidate()


@pytest.fixture
def administrator() -> User:
    # An administrator by role, not a Django superuser: the role is what opens the admin.
    return UserFactory(admin=True, is_staff=True, clearance=Clearance.SECRET, username="boss")


@pytest.fixture
def staff_member() -> User:
    return UserFactory(username="nguyenvana", roles=[Role.SPECIALIST.value])


def access_form(user: User, **changes: Any) -> dict[str, Any]:
    """What the staff change form posts for ``user``, with ``changes`` applied."""
    data: dict[str, Any] = {
        "username": user.username,
        "full_name": user.full_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "language": user.language,
        "unit": user.unit_id or "",
        "roles": list(user.roles),
        "clearance": user.clearance,
        "compartments": [c.pk for c in user.compartments.all()],
        "is_active": "on" if user.is_active else "",
        "appointments-TOTAL_FORMS": "0",
        "appointments-INITIAL_FORMS": "0",
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_every_admin_screen_renders_for_an_administrator(
    client: Any, administrator: User, staff_member: User
) -> None:
    mission = UnitFactory(code="emb-fr", mission=True)
    PositionFactory(unit=mission)
    position = PositionFactory(unit=staff_member.unit)
    Appointment.objects.create(user=staff_member, position=position, start=date(2024, 1, 1))
    WorkCalendar.objects.create(code="VN")
    client.force_login(administrator)
    pages = [
        reverse(f"admin:core_{model}_{view}")
        for model in (
            "unit",
            "position",
            "appointment",
            "delegation",
            "compartment",
            "user",
            "workcalendar",
            "calendarday",
        )
        for view in ("changelist", "add")
    ] + [
        reverse("admin:core_unit_change", args=[mission.pk]),
        reverse("admin:core_user_change", args=[staff_member.pk]),
        reverse("admin:core_workcalendar_change", args=["VN"]),
        reverse("admin:core_unit_changelist") + "?place=missions&q=emb",
        reverse("admin:core_user_changelist") + "?role=specialist",
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page

    unit_page = client.get(reverse("admin:core_unit_change", args=[mission.pk])).content.decode()
    assert "Public holidays of FR" in unit_page
    user_page = client.get(reverse("admin:core_user_change", args=[staff_member.pk]))
    assert 'type="checkbox" name="roles"' in user_page.content.decode()


def test_staff_without_the_admin_role_cannot_open_the_admin(client: Any) -> None:
    client.force_login(UserFactory(is_staff=True, clerk=True))

    assert client.get(reverse("admin:core_user_changelist")).status_code == 403


def test_a_non_administrator_cannot_change_anyones_clearance(staff_member: User) -> None:
    unit_head = UserFactory(unit_head=True, clearance=Clearance.TOP_SECRET)

    with pytest.raises(PermissionDenied):
        update_staff_access(unit_head, staff_member, clearance=Clearance.SECRET)

    staff_member.refresh_from_db()
    assert staff_member.clearance == Clearance.UNCLASSIFIED
    assert not AuditEntry.objects.filter(action="staff.access.changed").exists()


def test_an_administrator_changes_access_and_the_audit_entry_says_what_changed(
    administrator: User, staff_member: User
) -> None:
    negotiations = CompartmentFactory(code="NEGOTIATIONS")
    new_unit = UnitFactory(code="law-treaties")

    update_staff_access(
        administrator,
        staff_member,
        roles=[Role.SPECIALIST, Role.EDITOR],
        clearance=Clearance.CONFIDENTIAL,
        compartments=[negotiations],
        unit=new_unit,
    )

    staff_member.refresh_from_db()
    assert staff_member.clearance == Clearance.CONFIDENTIAL
    assert sorted(staff_member.roles) == ["editor", "specialist"]
    assert staff_member.unit == new_unit
    assert list(staff_member.compartments.values_list("code", flat=True)) == ["NEGOTIATIONS"]
    entry = AuditEntry.objects.get(action="staff.access.changed")
    assert entry.actor == administrator
    assert entry.object_id == str(staff_member.pk)
    assert entry.data["changes"]["clearance"] == [0, 1]
    assert entry.data["changes"]["compartments"] == [[], ["NEGOTIATIONS"]]


def test_nobody_grants_a_clearance_above_their_own(administrator: User, staff_member: User) -> None:
    with pytest.raises(PermissionDenied):
        update_staff_access(administrator, staff_member, clearance=Clearance.TOP_SECRET)

    staff_member.refresh_from_db()
    assert staff_member.clearance == Clearance.UNCLASSIFIED


def test_an_administrator_cannot_lock_themself_out(administrator: User) -> None:
    with pytest.raises(PermissionDenied):
        update_staff_access(administrator, administrator, roles=[Role.SPECIALIST])
    with pytest.raises(PermissionDenied):
        update_staff_access(administrator, administrator, is_active=False)


def test_editing_roles_in_the_admin_form_goes_through_the_audited_action(
    client: Any, administrator: User, staff_member: User
) -> None:
    client.force_login(administrator)
    url = reverse("admin:core_user_change", args=[staff_member.pk])

    response = client.post(
        url,
        access_form(staff_member, roles=["specialist", "clerk"], clearance=Clearance.CONFIDENTIAL),
    )

    assert response.status_code == 302
    staff_member.refresh_from_db()
    assert sorted(staff_member.roles) == ["clerk", "specialist"]
    entry = AuditEntry.objects.get(action="staff.access.changed")
    assert entry.data["changes"]["roles"] == [["specialist"], ["clerk", "specialist"]]


def test_the_admin_form_shows_the_refusal_of_a_clearance_above_the_actors(
    client: Any, administrator: User, staff_member: User
) -> None:
    client.force_login(administrator)
    url = reverse("admin:core_user_change", args=[staff_member.pk])

    response = client.post(url, access_form(staff_member, clearance=Clearance.TOP_SECRET))

    assert response.status_code == 200
    assert "above their own" in response.content.decode()
    staff_member.refresh_from_db()
    assert staff_member.clearance == Clearance.UNCLASSIFIED


def test_an_administrator_edits_someone_cleared_above_them_without_touching_clearance(
    client: Any, administrator: User
) -> None:
    minister = UserFactory(clearance=Clearance.TOP_SECRET, username="minister")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:core_user_change", args=[minister.pk]),
        access_form(minister, full_name="Bộ trưởng"),
    )

    assert response.status_code == 302
    minister.refresh_from_db()
    assert minister.full_name == "Bộ trưởng"
    assert minister.clearance == Clearance.TOP_SECRET


def test_a_unit_added_in_the_admin_is_audited_and_warns_without_holiday_data(
    client: Any, administrator: User
) -> None:
    client.force_login(administrator)

    response = client.post(
        reverse("admin:core_unit_add"),
        {
            "code": "emb-zz",
            "kind": "embassy",
            "name_vi": "Đại sứ quán thử",
            "host_country": "ZZ",
            "city": "Nowhere",
            "time_zone": "UTC",
            "languages": "en",
            "active": "on",
            "positions-TOTAL_FORMS": "1",
            "positions-INITIAL_FORMS": "0",
            "positions-MIN_NUM_FORMS": "0",
            "positions-MAX_NUM_FORMS": "1000",
            "positions-0-name_vi": "Đại sứ",
            "positions-0-is_head": "on",
            "positions-0-rank": "1",
        },
        follow=True,
    )

    assert response.status_code == 200
    unit = Unit.objects.get(code="emb-zz")
    assert unit.positions.get().is_head
    assert AuditEntry.objects.filter(action="org.unit.created", object_id=str(unit.pk)).exists()
    assert AuditEntry.objects.filter(action="org.position.created").exists()
    assert "no public-holiday data for ZZ" in response.content.decode()


def test_organisation_records_are_saved_only_by_administrators(staff_member: User) -> None:
    with pytest.raises(PermissionDenied):
        save_org_record(staff_member, Unit(code="rogue", kind="department", name_vi="Vụ lạ"))
    assert not Unit.objects.filter(code="rogue").exists()


def test_a_delegation_added_in_the_admin_goes_through_the_action_and_is_audited(
    client: Any, administrator: User, staff_member: User
) -> None:
    deputy = UserFactory(username="deputy")
    today = timezone.localdate()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:core_delegation_add"),
        {
            "principal": staff_member.pk,
            "delegate": deputy.pk,
            "start": today.isoformat(),
            "end": (today + timedelta(days=10)).isoformat(),
            "reason": "Nghỉ phép",
        },
    )

    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.principal, delegation.delegate) == (staff_member, deputy)
    assert delegation.created_by == administrator
    assert AuditEntry.objects.filter(action="delegation.created").count() == 1


def test_the_admin_shows_the_actions_refusal_of_a_delegation_starting_in_the_past(
    client: Any, administrator: User, staff_member: User
) -> None:
    today = timezone.localdate()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:core_delegation_add"),
        {
            "principal": staff_member.pk,
            "delegate": UserFactory().pk,
            "start": (today - timedelta(days=3)).isoformat(),
            "end": (today + timedelta(days=3)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "cannot start in the past" in response.content.decode()
    assert not Delegation.objects.exists()


def test_revoking_in_the_admin_ends_the_delegation_and_it_cannot_be_deleted(
    client: Any, administrator: User, staff_member: User
) -> None:
    today = timezone.localdate()
    delegation = Delegation.objects.create(
        principal=staff_member, delegate=UserFactory(), start=today, end=today + timedelta(5)
    )
    client.force_login(administrator)

    client.post(
        reverse("admin:core_delegation_changelist"),
        {"action": "revoke", "_selected_action": [delegation.pk]},
    )

    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    assert AuditEntry.objects.filter(action="delegation.revoked").exists()
    delete = reverse("admin:core_delegation_delete", args=[delegation.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_an_appointment_added_inline_on_a_staff_member_is_audited(
    client: Any, administrator: User, staff_member: User
) -> None:
    position = PositionFactory(unit=staff_member.unit)
    client.force_login(administrator)

    response = client.post(
        reverse("admin:core_user_change", args=[staff_member.pk]),
        access_form(
            staff_member,
            **{
                "appointments-TOTAL_FORMS": "1",
                "appointments-0-position": position.pk,
                "appointments-0-kind": AppointmentKind.POSTING,
                "appointments-0-start": "2025-08-01",
                "appointments-0-end": "2028-07-31",
            },
        ),
    )

    assert response.status_code == 302
    assert staff_member.appointments.get().end == date(2028, 7, 31)
    assert AuditEntry.objects.filter(action="org.appointment.created").exists()


def test_an_account_created_in_the_admin_starts_without_access_and_is_audited(
    client: Any, administrator: User
) -> None:
    client.force_login(administrator)

    response = client.post(
        reverse("admin:core_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a long enough passphrase 2026",
            "password2": "a long enough passphrase 2026",
        },
    )

    assert response.status_code == 302
    newcomer = User.objects.get(username="newcomer")
    assert newcomer.roles == []
    assert newcomer.clearance == Clearance.UNCLASSIFIED
    assert newcomer.check_password("a long enough passphrase 2026")
    entry = AuditEntry.objects.get(action="staff.created", object_id=str(newcomer.pk))
    assert "password" not in entry.data["changes"]

"""Acting-for: who may delegate, the limits, revocation, the page and the shell context."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chancery.core.actions.delegation import create_delegation, revoke_delegation
from chancery.core.models import Appointment, AuditEntry, Delegation
from chancery.core.tests import identity_helpers
from chancery.core.tests.identity_helpers import (
    make_position,
    make_unit,
    staff,
)

english = identity_helpers.english  # the fixture, used through pytestmark
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _today() -> date:
    return timezone.localdate()


def test_principal_delegates_for_a_period_and_it_is_audited() -> None:
    principal, delegate = staff(), staff()
    made = create_delegation(principal, principal, delegate, _today(), _today() + timedelta(7))
    assert list(Delegation.objects.active()) == [made]
    entry = AuditEntry.objects.get(action="delegation.created")
    assert entry.actor_id == principal.pk
    assert entry.data["delegate"] == delegate.username


def test_unit_head_by_role_and_by_appointment_may_delegate_for_their_staff() -> None:
    unit = make_unit()
    principal, delegate = staff(unit=unit), staff()
    by_role = staff(unit=unit, unit_head=True)
    by_post = staff()
    Appointment.objects.create(
        user=by_post, position=make_position(unit=unit, is_head=True), start=_today()
    )
    for head in (by_role, by_post):
        create_delegation(head, principal, delegate, _today(), _today() + timedelta(1))
    assert Delegation.objects.count() == 2


def test_admin_may_delegate_for_anyone() -> None:
    principal, delegate = staff(), staff()
    create_delegation(staff(admin=True), principal, delegate, _today(), _today())
    assert Delegation.objects.filter(principal=principal).exists()


def test_others_may_not_delegate_for_someone() -> None:
    principal = staff()
    colleague = staff(unit=principal.unit)  # same unit, not its head
    head_elsewhere = staff(unit_head=True)
    for actor in (colleague, head_elsewhere):
        with pytest.raises(PermissionDenied):
            create_delegation(actor, principal, staff(), _today(), _today())
    assert not Delegation.objects.exists()


@pytest.mark.parametrize(
    ("start_days", "end_days", "field"),
    [
        (0, None, "end"),
        (0, -1, "end"),
        (-1, 3, "start"),
        (3, 2, "end"),
        (0, 367, "end"),
    ],
)
def test_bad_periods_are_refused(start_days: int, end_days: int | None, field: str) -> None:
    principal = staff()
    end = None if end_days is None else _today() + timedelta(end_days)
    with pytest.raises(ValidationError) as refused:
        create_delegation(principal, principal, staff(), _today() + timedelta(start_days), end)
    assert field in refused.value.message_dict


def test_one_year_exactly_is_allowed() -> None:
    principal = staff()
    start = _today()
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:
        end = start.replace(year=start.year + 1, day=28)
    assert create_delegation(principal, principal, staff(), start, end).end == end


def test_inactive_delegate_and_oneself_are_refused() -> None:
    principal = staff()
    for delegate in (staff(is_active=False), principal):
        with pytest.raises(ValidationError) as refused:
            create_delegation(principal, principal, delegate, _today(), _today())
        assert "delegate" in refused.value.message_dict


def test_principal_or_delegate_revoke_once_others_cannot() -> None:
    principal, delegate = staff(), staff()
    first = create_delegation(principal, principal, delegate, _today(), _today() + timedelta(2))
    with pytest.raises(PermissionDenied):
        revoke_delegation(staff(), first)
    revoke_delegation(delegate, first)
    assert not Delegation.objects.active().exists()
    with pytest.raises(ValidationError):
        revoke_delegation(principal, first)
    assert AuditEntry.objects.filter(action="delegation.revoked").count() == 1


def test_page_lists_given_and_received_and_creates(client: Client) -> None:
    me, boss = staff(), staff(full_name="Lê Văn Boss")
    create_delegation(boss, boss, me, _today(), _today() + timedelta(5))
    client.force_login(me)
    delegate = staff(username="deputy.one")
    response = client.post(
        reverse("core:delegations"),
        {
            "delegate": "deputy.one",
            "start": _today().isoformat(),
            "end": (_today() + timedelta(10)).isoformat(),
            "reason": "Leave",
        },
        follow=True,
    )
    assert Delegation.objects.filter(principal=me, delegate=delegate).exists()
    assert response.context["given"][0].delegate == delegate
    assert response.context["received"][0].principal == boss
    assert "Lê Văn Boss" in response.content.decode()


def test_page_reports_refusals_on_the_right_field(client: Client) -> None:
    me = staff()
    staff(username="deputy.two")
    client.force_login(me)
    response = client.post(
        reverse("core:delegations"),
        {"delegate": "deputy.two", "start": _today().isoformat(), "end": "2000-01-01"},
    )
    assert b'href="#id_end"' in response.content
    unknown = client.post(
        reverse("core:delegations"),
        {"delegate": "nobody.here", "start": _today().isoformat(), "end": _today().isoformat()},
    )
    assert b"no active staff member with that username" in unknown.content


def test_revoke_from_the_page_only_for_participants(client: Client) -> None:
    principal, delegate = staff(), staff()
    made = create_delegation(principal, principal, delegate, _today(), _today() + timedelta(2))
    client.force_login(staff())
    assert client.post(reverse("core:delegation_revoke", args=[made.pk])).status_code == 404
    client.force_login(principal)
    client.post(reverse("core:delegation_revoke", args=[made.pk]))
    made.refresh_from_db()
    assert made.revoked_at is not None


def test_acting_for_is_in_every_page_context(client: Client) -> None:
    principal, me = staff(full_name="Phạm Thị Principal"), staff()
    create_delegation(principal, principal, me, _today(), _today() + timedelta(1))
    client.force_login(me)
    response = client.get(reverse("core:profile"))
    assert list(response.context["acting_for"]) == [principal]


def test_delegation_from_an_inactive_principal_passes_nothing_on(client: Client) -> None:
    from chancery.core.models.org import principal_users

    principal, me = staff(), staff()
    create_delegation(principal, principal, me, _today(), _today() + timedelta(1))
    principal.is_active = False
    principal.save(update_fields=["is_active"])
    assert principal_users(me) == [me]

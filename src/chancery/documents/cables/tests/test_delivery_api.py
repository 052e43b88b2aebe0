"""The delivery API: inbox and counts, acknowledging, the delivery record, duty rosters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory, issue_token
from chancery.documents.cables.tests.factories_delivery import head_of, released_cable

pytestmark = pytest.mark.django_db


def _auth(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(user, 'read:cables', 'write:cables')}"}


def test_the_inbox_lists_and_counts_only_readable_cables_and_acknowledges_once() -> None:
    unit = UnitFactory()
    member = UserFactory(unit=unit, clearance=1)
    below = UserFactory(unit=unit, clearance=0)
    cable = released_cable(precedence_code="FLASH", action=[unit], classification=1)
    client = Client()

    listed = client.get("/api/v1/cables/inbox?tab=awaiting", headers=_auth(member)).json()
    assert [item["id"] for item in listed["items"]] == [str(cable.pk)]
    assert listed["items"][0]["precedence"] == "FLASH"
    counts = client.get("/api/v1/cables/inbox/counts", headers=_auth(below)).json()
    assert counts == {"action": 0, "information": 0, "awaiting": 0, "sent": 0}

    delivery = cable.deliveries.get()
    url = f"/api/v1/cables/deliveries/{delivery.pk}/acknowledge"
    assert client.post(url, headers=_auth(below)).status_code == 404
    done = client.post(url, headers=_auth(member))
    assert done.status_code == 200
    assert done.json()["acknowledged_by"] == str(member)
    again = client.post(url, headers=_auth(member))
    assert again.status_code == 409
    assert again["Content-Type"].startswith("application/problem+json")


def test_the_originator_sees_every_delivery_and_an_addressee_only_its_own() -> None:
    post = UnitFactory()
    drafter = UserFactory(unit=post)
    first, second = UnitFactory(), UnitFactory()
    reader = UserFactory(unit=first)
    cable = released_cable(
        precedence_code="IMMEDIATE", action=[first, second], post=post, drafter=drafter
    )
    url = f"/api/v1/cables/{cable.pk}/deliveries"
    client = Client()

    everyone = client.get(url, headers=_auth(drafter)).json()
    own = client.get(url, headers=_auth(reader)).json()

    assert {row["unit"] for row in everyone} == {first.code, second.code}
    assert [row["unit"] for row in own] == [first.code]
    assert client.get(url, headers=_auth(UserFactory())).status_code == 404


def test_a_unit_head_keeps_the_roster_of_their_unit_only() -> None:
    unit = UnitFactory()
    head = head_of(unit)
    officer = UserFactory(unit=unit)
    other = UnitFactory()
    start = timezone.now()
    body = {
        "person": officer.username,
        "level": 1,
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=8)).isoformat(),
    }
    client = Client()

    made = client.post(
        f"/api/v1/cables/roster/{unit.code}/shifts",
        body,
        content_type="application/json",
        headers=_auth(head),
    )
    assert made.status_code == 201
    assert made.json()["person"] == officer.username
    listed = client.get(f"/api/v1/cables/roster/{unit.code}/shifts", headers=_auth(head)).json()
    assert [row["id"] for row in listed] == [made.json()["id"]]
    assert (
        client.get(f"/api/v1/cables/roster/{other.code}/shifts", headers=_auth(head)).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/cables/roster/{unit.code}/shifts", headers=_auth(officer)).status_code
        == 404
    )

    backwards = {**body, "ends_at": (start - timedelta(hours=1)).isoformat()}
    refused = client.post(
        f"/api/v1/cables/roster/{unit.code}/shifts",
        backwards,
        content_type="application/json",
        headers=_auth(head),
    )
    assert refused.status_code == 422

    gone = client.delete(f"/api/v1/cables/roster/shifts/{made.json()['id']}", headers=_auth(head))
    assert gone.status_code == 204
    assert client.get(f"/api/v1/cables/roster/{unit.code}/shifts", headers=_auth(head)).json() == []

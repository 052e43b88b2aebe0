"""Delivering a released cable: a record per addressee, local inboxes at once, one exchange
message per peer instance, and the first notice to the people who must acknowledge."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import KIND_CABLE
from chancery.documents.cables.delivery import deliver_released
from chancery.documents.cables.delivery.receive import on_cable_receipted
from chancery.documents.cables.tests.factories_delivery import (
    head_of,
    notified,
    on_duty,
    peer,
    released_cable,
)

pytestmark = pytest.mark.django_db


def _outbox() -> Any:
    return apps.get_model("exchange", "OutboundMessage").objects


def test_each_addressee_gets_one_delivery_and_local_ones_are_delivered_at_once() -> None:
    unit = UnitFactory()
    person = UserFactory(unit=UnitFactory())
    informed = UnitFactory()

    cable = released_cable(precedence_code="IMMEDIATE", action=[unit, person], info=[informed])

    rows = {(d.unit_id or d.person_id): d for d in cable.deliveries.all()}
    assert set(rows) == {unit.pk, person.pk, informed.pk}
    assert all(d.route == "" and d.delivered_at is not None for d in rows.values())
    assert rows[unit.pk].ack_due_at is not None
    assert rows[person.pk].ack_due_at is not None
    assert rows[informed.pk].ack_due_at is None
    assert cable.events.filter(kind="delivered").count() == 1


def test_urgent_action_addressees_are_told_without_classified_content() -> None:
    unit = UnitFactory()
    officer = UserFactory(unit=unit)
    on_duty(officer)
    head = head_of(unit)
    quiet = UnitFactory()
    quiet_head = head_of(quiet)
    named = UserFactory()

    cable = released_cable(
        precedence_code="FLASH",
        action=[unit, named, quiet],
        classification=2,
        subject="Kế hoạch tuyệt mật",
    )

    [notice] = notified(officer, "cables.arrived")
    assert "FLASH" in notice.title
    assert cable.subject not in notice.title + notice.body
    assert notified(head, "cables.arrived") == []  # someone is on duty
    assert len(notified(quiet_head, "cables.arrived")) == 1  # nobody on duty: the head
    assert len(notified(named, "cables.arrived")) == 1


def test_routine_cables_notify_nobody_on_release() -> None:
    unit = UnitFactory()
    head = head_of(unit)
    released_cable(precedence_code="ROUTINE", action=[unit])
    assert notified(head) == []


def test_addressees_on_a_peer_instance_get_one_message_per_peer_and_wait_for_its_receipt() -> None:
    here = UnitFactory()
    mission_a, mission_b, mission_c = UnitFactory(), UnitFactory(), UnitFactory()
    diplomat = UserFactory(unit=mission_a)
    peer("paris", mission_a, mission_b)
    peer("tokyo", mission_c)

    cable = released_cable(
        precedence_code="FLASH", action=[mission_a, diplomat, here], info=[mission_b, mission_c]
    )

    routes = {(d.unit_id or d.person_id): d.route for d in cable.deliveries.all()}
    assert routes == {
        mission_a.pk: "paris",
        diplomat.pk: "paris",
        mission_b.pk: "paris",
        mission_c.pk: "tokyo",
        here.pk: "",
    }
    messages = list(_outbox().filter(kind=KIND_CABLE).order_by("peer__code"))
    assert [m.peer.code for m in messages] == ["paris", "tokyo"]
    assert all(m.payload["id"] == str(cable.pk) for m in messages)
    assert cable.deliveries.filter(route="paris", delivered_at__isnull=True).count() == 3

    at = timezone.now()
    on_cable_receipted("paris", messages[0].pk, messages[0].payload, at)
    assert cable.deliveries.filter(route="paris", delivered_at=at).count() == 3
    assert cable.deliveries.get(route="tokyo").delivered_at is None


def test_the_payload_carries_what_the_receiver_needs() -> None:
    mission = UnitFactory()
    diplomat = UserFactory(unit=mission)
    peer("paris", mission)

    cable = released_cable(precedence_code="IMMEDIATE", action=[mission], info=[diplomat])

    payload = _outbox().get(kind=KIND_CABLE).payload
    assert payload["reference"] == cable.reference
    assert payload["precedence"] == "IMMEDIATE"
    assert payload["paragraphs"] == [{"number": 1, "classification": 0, "text": "Nội dung điện."}]
    assert {(a["role"], a["unit"], a["person"]) for a in payload["addressees"]} == {
        ("action", mission.code, None),
        ("info", None, diplomat.username),
    }
    assert payload["post"] == cable.post.code
    assert payload["released_at"]


def test_delivering_a_cable_with_two_hundred_addressees_keeps_queries_bounded(
    django_assert_max_num_queries: Any,
) -> None:
    units = [UnitFactory() for _ in range(200)]
    releaser = UserFactory()
    cable = released_cable(
        precedence_code="IMMEDIATE", action=units, releaser=releaser, deliver=False
    )

    with django_assert_max_num_queries(30):
        deliver_released(releaser, cable)

    assert cable.deliveries.filter(ack_due_at__isnull=False).count() == 200

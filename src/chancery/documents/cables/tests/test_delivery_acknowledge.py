"""Acknowledging a delivery: who may, only once, and how it reaches the originating instance."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.http import Http404
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import KIND_ACK, KIND_CABLE
from chancery.documents.cables.delivery.acknowledge import acknowledge, receive_ack
from chancery.documents.cables.delivery.receive import receive_cable
from chancery.documents.cables.exceptions import NotAllowed, WrongState
from chancery.documents.cables.tests.factories_delivery import peer, released_cable
from chancery.documents.models import Cable

pytestmark = pytest.mark.django_db


def _outbox() -> Any:
    return apps.get_model("exchange", "OutboundMessage").objects


def test_a_member_of_the_addressee_unit_acknowledges_once() -> None:
    unit = UnitFactory()
    member = UserFactory(unit=unit, clearance=1)
    colleague = UserFactory(unit=unit, clearance=1)
    cable = released_cable(precedence_code="FLASH", action=[unit], classification=1)
    delivery = cable.deliveries.get()

    acknowledge(member, delivery.pk)

    delivery.refresh_from_db()
    assert delivery.acknowledged_by == member
    assert delivery.acknowledged_at is not None
    assert cable.events.filter(kind="acknowledged").count() == 1
    with pytest.raises(WrongState):
        acknowledge(colleague, delivery.pk)


def test_a_named_addressee_acknowledges_and_their_unit_colleagues_may_not() -> None:
    named = UserFactory()
    colleague = UserFactory(unit=named.unit)
    cable = released_cable(precedence_code="FLASH", action=[named], info=[named.unit])
    mine = cable.deliveries.get(person=named)

    with pytest.raises(NotAllowed):
        acknowledge(colleague, mine.pk)
    acknowledge(named, mine.pk)


def test_someone_acting_for_the_addressee_by_delegation_may_acknowledge() -> None:
    named = UserFactory()
    deputy = UserFactory()
    today = timezone.localdate()
    named.delegations_given.create(delegate=deputy, start=today, end=today + timedelta(days=3))
    cable = released_cable(precedence_code="IMMEDIATE", action=[named])

    delivery = acknowledge(deputy, cable.deliveries.get().pk)

    assert delivery.acknowledged_by == deputy


def test_someone_who_cannot_read_the_cable_gets_not_found() -> None:
    unit = UnitFactory()
    below = UserFactory(unit=unit, clearance=0)
    outsider = UserFactory(clearance=3)
    cable = released_cable(precedence_code="FLASH", action=[unit], classification=2)
    delivery = cable.deliveries.get()

    for person in (below, outsider):
        with pytest.raises(Http404):
            acknowledge(person, delivery.pk)
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None


def test_an_acknowledgement_on_the_mission_flows_back_to_the_originators_record() -> None:
    # Both instances in one database: the headquarters cable, and the mission's copy of it
    # under another id and number (the same ones would be the same row here).
    hq_post, mission = UnitFactory(), UnitFactory()
    peer("mission", mission)
    cable = released_cable(precedence_code="FLASH", action=[mission], post=hq_post)
    sent = _outbox().get(kind=KIND_CABLE)
    original = cable.deliveries.get()
    assert original.route == "mission"
    assert original.acknowledged_at is None

    copy_payload = {**sent.payload, "id": str(uuid.uuid4()), "number": 10**6}
    # Now the mission's side: the mission is served here, headquarters by a peer.
    apps.get_model("exchange", "Peer").objects.filter(code="mission").update(active=False)
    peer("hq", hq_post)
    receive_cable("hq", uuid.uuid4(), copy_payload)
    copy = Cable.objects.get(pk=copy_payload["id"])
    officer = UserFactory(unit=mission)
    acknowledge(officer, copy.deliveries.get().pk)

    ack = _outbox().get(kind=KIND_ACK)
    assert ack.peer.code == "hq"
    assert ack.payload["unit"] == mission.code
    # Headquarters receives it from the mission (payload pointed back at the original id).
    back = {**ack.payload, "cable": str(cable.pk)}
    apps.get_model("exchange", "Peer").objects.filter(code="mission").update(active=True)
    receive_ack("mission", ack.pk, back)
    receive_ack("mission", ack.pk, back)  # a repeated message changes nothing

    original.refresh_from_db()
    assert original.acknowledged_at is not None
    assert original.acknowledged_by_name == str(officer)
    assert cable.events.filter(kind="acknowledged").count() == 1


def test_the_first_reading_is_recorded_on_the_readers_own_deliveries_only() -> None:
    from chancery.documents.cables.delivery import mark_read

    first, second = UnitFactory(), UnitFactory()
    reader = UserFactory(unit=first)
    cable = released_cable(precedence_code="ROUTINE", action=[first, second])

    assert mark_read(reader, cable) == 1
    assert mark_read(reader, cable) == 0
    assert cable.deliveries.get(unit=first).read_at is not None
    assert cable.deliveries.get(unit=second).read_at is None

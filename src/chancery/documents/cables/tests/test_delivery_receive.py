"""Receiving a cable from another instance: filed once under its own id, delivered to the
addressees served here, with their timers and notices."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.constants import KIND_CABLE, CableStatus
from chancery.documents.cables.delivery.receive import UnknownPost, receive_cable
from chancery.documents.cables.tests.factories_delivery import (
    head_of,
    notified,
    peer,
    released_cable,
)
from chancery.documents.models import Cable

pytestmark = pytest.mark.django_db


def _payload(**cable: Any) -> dict[str, Any]:
    """The message headquarters queued for the mission, under a fresh id and number (one
    database stands for both instances)."""
    released_cable(**cable)
    sent = apps.get_model("exchange", "OutboundMessage").objects.get(kind=KIND_CABLE)
    # Now the mission's side: its own units are served here, not by a peer.
    apps.get_model("exchange", "Peer").objects.filter(pk=sent.peer_id).update(active=False)
    return {**sent.payload, "id": str(uuid.uuid4()), "number": 10**6}


def test_the_same_message_twice_files_one_cable() -> None:
    mission = UnitFactory()
    peer("mission", mission)
    payload = _payload(precedence_code="IMMEDIATE", action=[mission], classification=1)

    receive_cable("hq", uuid.uuid4(), payload)
    receive_cable("hq", uuid.uuid4(), payload)

    cable = Cable.objects.get(pk=payload["id"])
    assert cable.status == CableStatus.RELEASED
    assert cable.origin_instance == "hq"
    assert cable.received_at is not None
    assert cable.reference == payload["reference"]
    assert cable.paragraphs.count() == 1
    assert cable.deliveries.count() == 1
    assert cable.events.filter(kind="received").count() == 1


def test_a_received_urgent_cable_is_delivered_with_a_deadline_from_its_arrival() -> None:
    mission = UnitFactory()
    head = head_of(mission)
    member = UserFactory(unit=mission, clearance=1)
    peer("mission", mission)
    payload = _payload(precedence_code="FLASH", action=[mission], classification=1)

    later = timezone.now() + timedelta(hours=5)  # the link was down for five hours
    with time_machine.travel(later, tick=False):
        receive_cable("hq", uuid.uuid4(), payload)

    cable = Cable.objects.get(pk=payload["id"])
    delivery = cable.deliveries.get()
    assert delivery.route == ""
    assert delivery.delivered_at == later
    assert delivery.ack_due_at == later + timedelta(minutes=10)
    assert len(notified(head, "cables.arrived")) == 1
    assert Cable.objects.visible_to(member).filter(pk=cable.pk).exists()


def test_people_are_matched_by_username_and_unknown_ones_fall_back_to_their_unit() -> None:
    mission = UnitFactory()
    known = UserFactory(unit=mission)
    stranger = UserFactory(unit=mission)
    peer("mission", mission)
    payload = _payload(precedence_code="ROUTINE", action=[known], info=[stranger])
    payload["addressees"] = [
        {**a, "person": "nobody-here"} if a["person"] == stranger.username else a
        for a in payload["addressees"]
    ]

    receive_cable("hq", uuid.uuid4(), payload)

    cable = Cable.objects.get(pk=payload["id"])
    assert {(a.role, a.person_id, a.unit_id) for a in cable.addressees.all()} == {
        ("action", known.pk, None),
        ("info", None, mission.pk),
    }


def test_a_cable_from_an_unknown_post_is_refused_so_the_sender_keeps_it() -> None:
    mission = UnitFactory()
    peer("mission", mission)
    payload = {**_payload(action=[mission]), "post": "no-such-post"}

    with pytest.raises(UnknownPost):
        receive_cable("hq", uuid.uuid4(), payload)
    assert not Cable.objects.filter(pk=payload["id"]).exists()

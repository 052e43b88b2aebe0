"""The cables inbox shows and counts only what the reader may read: a reader below the
cable's level, outside its caption or not addressed never sees it, in any tab or count."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.constants import Role
from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.delivery.inbox import TABS, inbox, inbox_counts
from chancery.documents.cables.tests.factories_delivery import released_cable
from chancery.documents.models import Caption

pytestmark = pytest.mark.django_db


def _everywhere(user: Any) -> tuple[set[Any], dict[str, int]]:
    seen = {cable.pk for tab in TABS for cable in inbox(user, tab.slug)}
    return seen, inbox_counts(user)


def test_an_addressed_reader_with_clearance_and_caption_sees_the_cable_and_its_counts() -> None:
    unit = UnitFactory()
    leader = UserFactory(unit=unit, clearance=2, roles=[Role.LEADER.value])
    caption = Caption.objects.create(code="leaders-only", name_vi="Lãnh đạo", roles=["leader"])
    cable = released_cable(precedence_code="FLASH", action=[unit], classification=2)
    cable.captions.add(caption)

    seen, counts = _everywhere(leader)

    assert cable.pk in seen
    assert counts["action"] == 1
    assert counts["awaiting"] == 1
    assert counts["information"] == 0


def test_a_reader_below_the_level_outside_the_caption_or_not_addressed_never_sees_it() -> None:
    unit = UnitFactory()
    caption = Caption.objects.create(code="leaders-only", name_vi="Lãnh đạo", roles=["leader"])
    below = UserFactory(unit=unit, clearance=1, roles=[Role.LEADER.value])
    outside_caption = UserFactory(unit=unit, clearance=3)
    not_addressed = UserFactory(clearance=3, roles=[Role.LEADER.value])
    cable = released_cable(precedence_code="FLASH", action=[unit], classification=2)
    cable.captions.add(caption)

    for reader in (below, outside_caption, not_addressed):
        seen, counts = _everywhere(reader)
        assert cable.pk not in seen, reader
        assert counts == {tab.slug: 0 for tab in TABS}, reader


def test_the_inbox_page_never_shows_a_cable_the_reader_may_not_read() -> None:
    unit = UnitFactory()
    cleared = UserFactory(unit=unit, clearance=2)
    below = UserFactory(unit=unit, clearance=1)
    cable = released_cable(
        precedence_code="FLASH", action=[unit], classification=2, subject="Điện mật số một"
    )

    pages = {}
    for reader in (cleared, below):
        client = Client()
        client.force_login(reader)
        pages[reader.pk] = client.get(reverse("cables:inbox") + "?tab=awaiting")
    assert pages[cleared.pk].status_code == 200
    assert cable.subject in pages[cleared.pk].content.decode()
    assert cable.subject not in pages[below.pk].content.decode()
    assert 'data-count="awaiting">0<' in pages[below.pk].content.decode()


def test_the_originators_post_sees_its_sent_cables_with_their_delivery_status() -> None:
    post = UnitFactory()
    drafter = UserFactory(unit=post, clearance=1)
    addressees = [UnitFactory(), UnitFactory()]
    cable = released_cable(
        precedence_code="FLASH", action=addressees, post=post, drafter=drafter, classification=1
    )

    [sent] = list(inbox(drafter, "sent"))
    assert sent.pk == cable.pk
    client = Client()
    client.force_login(drafter)
    page = client.get(
        reverse("cables:inbox") + "?tab=sent", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "2 of 2 delivered" in page
    assert "2 awaiting" in page

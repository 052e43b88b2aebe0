"""The cables inbox and roster pages: acknowledging from the inbox and from the reading view's
panel, keeping a duty roster."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from chancery.core.tests.factories import UnitFactory, UserFactory
from chancery.documents.cables.delivery import panel_context
from chancery.documents.cables.tests.factories_delivery import head_of, on_duty, released_cable
from chancery.documents.models import DutyShift

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_acknowledging_from_the_inbox_records_it_and_empties_the_awaiting_tab() -> None:
    unit = UnitFactory()
    member = UserFactory(unit=unit)
    cable = released_cable(precedence_code="FLASH", action=[unit])
    delivery = cable.deliveries.get()
    client = _client(member)
    page = client.get(reverse("cables:inbox") + "?tab=awaiting").content.decode()
    assert reverse("cables:acknowledge", args=[delivery.pk]) in page

    response = client.post(
        reverse("cables:acknowledge", args=[delivery.pk]), {"next": "/cables/?tab=awaiting"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/cables/?tab=awaiting"
    delivery.refresh_from_db()
    assert delivery.acknowledged_by == member
    assert 'data-count="awaiting">0<' in client.get(response["Location"]).content.decode()
    again = client.post(reverse("cables:acknowledge", args=[delivery.pk]))
    assert again.status_code == 409


def test_the_panel_lists_every_addressee_for_the_originator_and_one_row_for_an_addressee() -> None:
    post = UnitFactory()
    drafter = UserFactory(unit=post)
    first, second = UnitFactory(), UnitFactory()
    reader = UserFactory(unit=first)
    cable = released_cable(
        precedence_code="FLASH", action=[first], info=[second], post=post, drafter=drafter
    )
    request = RequestFactory().get("/")

    for user, expected in ((drafter, 2), (reader, 1)):
        request.user = user
        context = panel_context(user, cable)
        html = render_to_string("cables/delivery/_panel.html", context, request=request)
        assert len(context["delivery_rows"]) == expected
        assert html.count('<th scope="row">') == expected
    assert (
        'action="' + reverse("cables:acknowledge", args=[cable.deliveries.get(unit=first).pk])
        in html
    )


def test_a_unit_head_adds_and_removes_a_shift_on_the_roster_page() -> None:
    unit = UnitFactory()
    head = head_of(unit)
    officer = UserFactory(unit=unit)
    client = _client(head)
    url = reverse("cables:roster", args=[unit.pk])
    start = timezone.localtime().replace(second=0, microsecond=0)

    assert client.get(reverse("cables:roster-units"))["Location"] == url
    response = client.post(
        url,
        {
            "person": officer.pk,
            "level": 1,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    shift = DutyShift.objects.get(unit=unit)
    assert shift.person == officer
    assert str(officer) in client.get(url).content.decode()

    assert client.post(reverse("cables:roster-remove", args=[shift.pk])).status_code == 302
    assert not DutyShift.objects.filter(pk=shift.pk).exists()


def test_a_shift_that_ends_before_it_starts_is_refused_on_the_form() -> None:
    unit = UnitFactory()
    head = head_of(unit)
    officer = UserFactory(unit=unit)
    start = timezone.localtime().replace(second=0, microsecond=0)

    response = _client(head).post(
        reverse("cables:roster", args=[unit.pk]),
        {
            "person": officer.pk,
            "level": 1,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 400
    assert not DutyShift.objects.filter(unit=unit).exists()


def test_only_unit_heads_and_administrators_reach_a_roster() -> None:
    unit = UnitFactory()
    member = UserFactory(unit=unit)
    other_head = head_of(UnitFactory())
    admin = UserFactory(admin=True)
    shift = on_duty(member)
    url = reverse("cables:roster", args=[unit.pk])

    assert _client(member).get(url).status_code == 404
    assert _client(other_head).get(url).status_code == 404
    assert (
        _client(other_head).post(reverse("cables:roster-remove", args=[shift.pk])).status_code
        == 404
    )
    assert _client(admin).get(url).status_code == 200

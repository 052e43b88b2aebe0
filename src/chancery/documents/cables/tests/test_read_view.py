"""The reading view: banner top and bottom, header, paragraphs with their portion marks, the
history; 404 for anyone who may not read the cable; reading a classified cable is audited; a
fixed number of queries whatever the cable's size."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance
from chancery.documents.cables.actions.content import Paragraph
from chancery.documents.cables.tests.factories import CableOffice

pytestmark = pytest.mark.django_db


def audit(action: str) -> list[Any]:
    from chancery.core.models import AuditEntry

    return list(AuditEntry.objects.filter(action=action))


def page(client: Client, user: Any, cable: Any) -> Any:
    client.force_login(user)
    return client.get(reverse("cables:detail", kwargs={"pk": cable.pk}), HTTP_ACCEPT_LANGUAGE="en")


def test_the_reading_view_shows_banner_header_and_portion_marks(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    cable = office.draft(markings=[Clearance.UNCLASSIFIED, Clearance.SECRET])
    response = page(client, office.drafter, cable)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="cable-banner"') == 2
    assert html.count("SECRET") >= 2
    assert "(U)</abbr>" in html
    assert "(S)</abbr>" in html
    assert "Đoạn 2: nội dung điện." in html
    assert "ROUTINE" in html
    assert 'data-testid="history"' in html


def test_reading_a_classified_cable_is_audited_and_an_unclassified_one_is_not(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    secret = office.draft(markings=[Clearance.SECRET])
    plain = office.draft()
    page(client, office.drafter, plain)
    assert audit("cables.read") == []
    page(client, office.drafter, secret)
    entries = audit("cables.read")
    assert len(entries) == 1
    assert entries[0].object_id == str(secret.pk)
    assert entries[0].actor_id == office.drafter.pk


def test_a_cable_not_for_the_reader_answers_404_and_is_not_audited(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    cable = office.draft(markings=[Clearance.SECRET])
    assert page(client, office.outsider, cable).status_code == 404
    assert audit("cables.read") == []


def test_the_reading_view_needs_a_fixed_number_of_queries(
    client: Client, cable_office: CableOffice, django_assert_max_num_queries: Any
) -> None:
    office = cable_office
    small = office.draft(markings=[Clearance.SECRET])
    big = office.draft(
        paragraphs=[Paragraph(f"Đoạn {n}", n % 3) for n in range(30)],
        classification=Clearance.SECRET,
        info_units=[office.department],
        info_people=[office.clearer, office.second_clearer],
    )
    client.force_login(office.drafter)
    url = reverse("cables:detail", kwargs={"pk": small.pk})
    client.get(url)  # warm the session and caches
    with django_assert_max_num_queries(40) as small_queries:
        client.get(url)
    with django_assert_max_num_queries(len(small_queries)):
        assert client.get(reverse("cables:detail", kwargs={"pk": big.pk})).status_code == 200

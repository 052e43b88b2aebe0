"""The compose pages without JavaScript: new cable, the editor with paragraph rows and their
markings, submit, clear, send back and release through plain form posts; refusals shown on
the form with their status."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.tests.factories import PIN, CableOffice, precedence
from chancery.documents.models import Cable

pytestmark = pytest.mark.django_db


def post(client: Client, user: Any, name: str, cable: Cable | None, data: dict[str, Any]) -> Any:
    client.force_login(user)
    url = reverse(name, kwargs={"pk": cable.pk}) if cable else reverse(name)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def editor_data(cable: Cable, office: CableOffice, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": cable.version,
        "rows": 3,
        "subject": "Chuẩn bị chuyến thăm",
        "precedence": precedence("IMMEDIATE").pk,
        "classification": Clearance.CONFIDENTIAL,
        "tags": "us prel",
        "action_units": [office.mission.pk],
        "info_people": office.outsider.username,
        "paragraph-1-marking": Clearance.UNCLASSIFIED,
        "paragraph-1-text": "Đoạn mở đầu.",
        "paragraph-2-marking": Clearance.CONFIDENTIAL,
        "paragraph-2-text": "Đoạn mật.",
        "paragraph-3-marking": Clearance.UNCLASSIFIED,
        "paragraph-3-text": "",
    }
    data.update(overrides)
    return data


def test_new_cable_then_the_editor_saves_paragraphs_with_their_markings(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    client.force_login(office.drafter)
    assert client.get(reverse("cables:compose-new")).status_code == 200
    response = post(
        client,
        office.drafter,
        "cables:compose-new",
        None,
        {"subject": "Điện mới", "precedence": precedence().pk, "classification": 0},
    )
    cable = Cable.objects.get(subject="Điện mới")
    assert response["Location"] == reverse("cables:compose-edit", kwargs={"pk": cable.pk})
    assert client.get(response["Location"]).status_code == 200
    response = post(
        client, office.drafter, "cables:compose-edit", cable, editor_data(cable, office)
    )
    assert response.status_code == 302
    cable.refresh_from_db()
    assert cable.classification == Clearance.CONFIDENTIAL
    assert cable.tags == ["US", "PREL"]
    assert list(cable.paragraphs.values_list("number", "classification")) == [(1, 0), (2, 1)]
    assert cable.addressees.count() == 2


def test_the_editor_refuses_a_secret_paragraph_in_a_confidential_cable(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    cable = office.draft()
    data = editor_data(cable, office, **{"paragraph-2-marking": Clearance.SECRET})
    response = post(client, office.drafter, "cables:compose-edit", cable, data)
    assert response.status_code == 422
    assert "cannot be classified below its highest paragraph" in response.content.decode()
    cable.refresh_from_db()
    assert cable.classification == Clearance.UNCLASSIFIED


def test_the_editor_names_unknown_people_and_tags(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    cable = office.draft()
    data = editor_data(cable, office, info_people="nobody.here", tags="PREL XXXX")
    response = post(client, office.drafter, "cables:compose-edit", cable, data)
    assert response.status_code == 400
    assert "nobody.here" in response.content.decode()
    data = editor_data(cable, office, tags="PREL XXXX")
    response = post(client, office.drafter, "cables:compose-edit", cable, data)
    assert response.status_code == 422


def test_only_the_drafter_gets_the_editor(client: Client, cable_office: CableOffice) -> None:
    office = cable_office
    cable = office.cleared()
    client.force_login(office.approver)
    response = client.get(reverse("cables:compose-edit", kwargs={"pk": cable.pk}))
    assert response["Location"] == reverse("cables:detail", kwargs={"pk": cable.pk})
    client.force_login(office.outsider)
    assert client.get(reverse("cables:compose-edit", kwargs={"pk": cable.pk})).status_code == 404


def test_submit_clear_and_release_through_the_reading_view(
    client: Client, signing_cable_office: CableOffice
) -> None:
    office = signing_cable_office
    cable = office.draft()
    response = post(
        client,
        office.drafter,
        "cables:compose-submit",
        cable,
        {
            "submit-version": cable.version,
            "submit-clearers": office.clearer.username,
            "submit-approver": office.approver.username,
        },
    )
    assert response.status_code == 302
    cable.refresh_from_db()
    client.force_login(office.clearer)
    page = client.get(reverse("cables:work")).content.decode()
    assert cable.subject in page
    response = post(
        client, office.clearer, "cables:compose-clear", cable, {"clear-version": cable.version}
    )
    assert response.status_code == 302
    cable.refresh_from_db()
    client.force_login(office.approver)
    detail = client.get(reverse("cables:detail", kwargs={"pk": cable.pk})).content.decode()
    assert "release-pin" in detail
    certificate = office.certificates["approver"]
    response = post(
        client,
        office.approver,
        "cables:compose-release",
        cable,
        {
            "release-version": cable.version,
            "release-certificate": certificate.pk,
            "release-pin": "1",
        },
    )
    assert response.status_code == 422
    cable.refresh_from_db()
    assert cable.status == CableStatus.AWAITING_RELEASE
    response = post(
        client,
        office.approver,
        "cables:compose-release",
        cable,
        {
            "release-version": cable.version,
            "release-certificate": certificate.pk,
            "release-pin": PIN,
        },
    )
    assert response.status_code == 302
    cable.refresh_from_db()
    assert cable.status == CableStatus.RELEASED
    pdf = client.get(reverse("cables:signed-pdf", kwargs={"pk": cable.pk}))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_a_send_back_needs_a_reason_and_shows_it_on_the_form(
    client: Client, cable_office: CableOffice
) -> None:
    office = cable_office
    from chancery.documents.cables.actions import clearing

    cable = office.draft()
    cable = clearing.submit_for_clearance(
        office.drafter,
        cable,
        clearers=[office.clearer],
        approver=office.approver,
        version=cable.version,
    )
    response = post(
        client,
        office.clearer,
        "cables:compose-send-back",
        cable,
        {"send_back-version": cable.version},
    )
    assert response.status_code == 400
    response = post(
        client,
        office.clearer,
        "cables:compose-send-back",
        cable,
        {"send_back-version": cable.version, "send_back-reason": "Thiếu số liệu"},
    )
    assert response.status_code == 302
    cable.refresh_from_db()
    assert cable.status == CableStatus.DRAFT

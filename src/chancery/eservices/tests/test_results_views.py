"""Result pages: the signer's issue page, the applicant's download (own dossier, once issued),
the posting of a result by post."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chancery.eservices.applicants.session import SESSION_KEY
from chancery.eservices.constants import DeliveryMethod, State
from chancery.eservices.exceptions import InvalidTransition, StaleRevision
from chancery.eservices.models import Applicant, DossierEvent, IssuedCertificate
from chancery.eservices.results.actions import InvalidInput, issue_result, record_posting
from chancery.eservices.tests.factories_results import (  # noqa: F401
    PIN,
    Desk,
    hierarchy,
    pki_dir,
    pki_port,
    results_desk_fixture,
    signing_desk_fixture,
)
from chancery.signing import service as signing

pytestmark = pytest.mark.django_db


def staff(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def applicant_client(applicant: Applicant) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    session = client.session
    session[SESSION_KEY] = applicant.pk
    session.save()
    return client


def test_the_signer_previews_then_issues_from_the_page(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved()
    client = staff(desk.head)
    page = client.get(reverse("eservices:issue_result", args=[dossier.pk]))
    assert page.status_code == 200
    assert "Sign and issue the result" in page.content.decode()
    preview = client.get(reverse("eservices:result_preview", args=[dossier.pk]))
    assert preview.status_code == 200
    assert preview["Content-Type"] == "application/pdf"
    assert preview.content.startswith(b"%PDF")
    form = {"certificate": desk.certificates["head"].pk, "pin": "999999", "revision": 0}
    wrong = client.post(reverse("eservices:issue_result", args=[dossier.pk]), form)
    assert wrong.status_code == 422
    assert "PIN" in wrong.content.decode()
    form["pin"] = PIN
    done = client.post(reverse("eservices:issue_result", args=[dossier.pk]), form)
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.RESULT_ISSUED
    signed = client.get(reverse("eservices:result_preview", args=[dossier.pk]))
    assert signing.validate(signed.content).verdict == "valid"


def test_staff_of_another_unit_get_404(results_desk: Desk) -> None:
    desk = results_desk
    dossier = desk.approved()
    client = staff(desk.outsider)
    assert client.get(reverse("eservices:issue_result", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("eservices:result_preview", args=[dossier.pk])).status_code == 404


def test_the_applicant_downloads_their_signed_result(signing_desk: Desk) -> None:
    desk = signing_desk
    dossier = desk.approved()
    download = reverse("services:result", args=[dossier.pk])
    assert applicant_client(desk.applicant).get(download).status_code == 404  # not issued yet
    issue_result(
        desk.head,
        dossier.pk,
        certificate_id=desk.certificates["head"].pk,
        pin=PIN,
        revision=dossier.revision,
    )
    response = applicant_client(desk.applicant).get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert signing.validate(response.content).verdict == "valid"
    assert applicant_client(desk.other_applicant).get(download).status_code == 404
    anonymous = Client().get(download)
    assert anonymous.status_code == 302
    assert reverse("services:signin") in anonymous["Location"]


def test_staff_record_the_posting_of_a_result(results_desk: Desk) -> None:
    desk = results_desk
    dossier = desk.approved(state=State.RESULT_ISSUED, delivery=DeliveryMethod.POST)
    posted = record_posting(
        desk.clerk, dossier.pk, tracking_number=" EE123456789VN ", revision=dossier.revision
    )
    event = DossierEvent.objects.get(dossier=dossier, action="result_posted")
    assert event.public
    assert event.data == {"tracking_number": "EE123456789VN"}
    assert posted.revision == dossier.revision + 1
    with pytest.raises(StaleRevision):
        record_posting(desk.clerk, dossier.pk, tracking_number="X1", revision=dossier.revision)
    with pytest.raises(InvalidInput):
        record_posting(desk.clerk, dossier.pk, tracking_number="  ", revision=posted.revision)


def test_posting_is_refused_for_results_not_sent_by_post(results_desk: Desk) -> None:
    desk = results_desk
    online = desk.approved(state=State.RESULT_ISSUED)
    with pytest.raises(InvalidTransition):
        record_posting(desk.clerk, online.pk, tracking_number="EE1", revision=online.revision)
    approved = desk.approved(delivery=DeliveryMethod.POST)
    with pytest.raises(InvalidTransition):
        record_posting(desk.clerk, approved.pk, tracking_number="EE1", revision=approved.revision)


def test_the_posting_form_on_the_panel(results_desk: Desk) -> None:
    desk = results_desk
    dossier = desk.approved(state=State.RESULT_ISSUED, delivery=DeliveryMethod.POST)
    client = staff(desk.clerk)
    page = client.get(reverse("eservices:issue_result", args=[dossier.pk]))
    assert "Record the posting" in page.content.decode()
    response = client.post(
        reverse("eservices:record_posting", args=[dossier.pk]),
        {"tracking_number": "EE1", "revision": dossier.revision},
    )
    assert response.status_code == 302
    assert DossierEvent.objects.filter(dossier=dossier, action="result_posted").exists()


def test_the_head_revokes_from_the_panel(results_desk: Desk) -> None:
    desk = results_desk
    dossier = desk.approved(state=State.RESULT_ISSUED)
    entry = IssuedCertificate.objects.create(
        number="HPH-LS-2026-000009",
        dossier=dossier,
        procedure=desk.version.procedure,
        unit=desk.unit,
        issued_on="2026-11-26",
        signer_name="Lê Thị Hoa",
    )
    client = staff(desk.head)
    url = reverse("eservices:revoke_certificate", args=[entry.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "valid"
    client.post(url, {"reason": "Wrong document"})
    entry.refresh_from_db()
    assert entry.status == "revoked"
    assert staff(desk.outsider).post(url, {"reason": "x"}).status_code == 404


def test_a_refusal_letter_names_the_reason(results_desk: Desk) -> None:
    from chancery.eservices.results.preview import refusal_letter

    desk = results_desk
    dossier = desk.approved(state=State.REJECTED, language="en")
    pdf = refusal_letter(desk.head, dossier, "The document is not an original.")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, timeout=60, check=True
    ).stdout.decode()
    assert "THÔNG BÁO TỪ CHỐI" in text
    assert "The document is not an original." in text
    assert "REFUSAL OF YOUR APPLICATION" in text  # the language the dossier was filed in

"""The signing workspace: overview, signing a PDF through the form, validating any PDF."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance
from chancery.lib.pdfgen import sample_letter
from chancery.signing.models import Certificate, SignedDocument
from chancery.signing.tests import views_helpers
from chancery.signing.tests.views_helpers import PIN, Desk

AuditEntry = apps.get_model("core", "AuditEntry")

# Fixtures shared by the view tests.
desk = views_helpers.desk
english_client = views_helpers.english_client
signer_client = views_helpers.signer_client


def _form(desk: Desk, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file": SimpleUploadedFile("cong-ham.pdf", sample_letter(), "application/pdf"),
        "certificate": desk.certificate.pk,
        "level": "B-B",
        "document_type": "cong-van",
        "issuer_unit": desk.unit.pk,
        "public_number": "7/BNG-LS",
        "public_title": "Công hàm gửi Đại sứ quán",
        "classification": Clearance.UNCLASSIFIED,
        "pin": PIN,
    }
    data.update(overrides)
    return data


def test_anonymous_visitor_is_sent_to_sign_in(english_client: Client, db: None) -> None:
    for name in ("signing_ui:overview", "signing_ui:sign", "signing_ui:validate"):
        response = english_client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


def test_overview_lists_my_certificates_and_documents_i_can_see(
    signer_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    response = signer_client.get(reverse("signing_ui:overview"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "My certificates" in page
    assert "Lê Thị Hoa" in page
    assert "Personal signing certificate" in page
    assert reverse("signing_ui:document", args=[document.pk]) in page


def test_overview_of_someone_without_certificates_says_so(desk: Desk) -> None:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(desk.outsider)
    response = client.get(reverse("signing_ui:overview"))
    assert b"You have no certificate to sign with" in response.content
    assert b"No signed document yet." in response.content


def test_the_workspace_appears_in_the_navigation(signer_client: Client, desk: Desk) -> None:
    response = signer_client.get(reverse("core:home"))
    assert f'href="{reverse("signing_ui:overview")}"'.encode() in response.content


def test_signing_a_pdf_through_the_form_opens_the_document_page(
    signer_client: Client, desk: Desk
) -> None:
    # When the signer fills in the form with the right PIN
    response = signer_client.post(reverse("signing_ui:sign"), _form(desk))
    # Then the document exists and they land on its page
    document = SignedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("signing_ui:document", args=[document.pk])
    assert document.public_number == "7/BNG-LS"
    assert document.issuer_unit == desk.unit
    assert document.filename == "cong-ham.pdf"
    assert document.signatures.get().level == "B-B"


def test_the_sign_form_offers_pin_as_password_without_autocomplete(
    signer_client: Client, desk: Desk
) -> None:
    page = signer_client.get(reverse("signing_ui:sign")).content.decode()
    pin = re.search(r"<input[^>]*name=\"pin\"[^>]*>", page)
    assert pin is not None
    assert 'type="password"' in pin.group(0)
    assert 'autocomplete="off"' in pin.group(0)
    assert '<option value="B-LTA" selected>' in page
    assert 'list="document-types"' in page
    assert '<option value="cong-van">' in page


def test_a_wrong_pin_is_shown_on_the_pin_field_with_the_attempts_left(
    signer_client: Client, desk: Desk
) -> None:
    response = signer_client.post(reverse("signing_ui:sign"), _form(desk, pin="000000"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_pin_error"' in page
    assert re.search(r"The PIN is wrong\. \d+ attempts are left", page)
    assert not SignedDocument.objects.exists()
    assert Certificate.objects.get(pk=desk.certificate.pk).pin_failures == 1


def test_a_certificate_that_is_not_mine_is_refused(signer_client: Client, desk: Desk) -> None:
    from chancery.signing.actions.pki import issue_certificate
    from chancery.signing.constants import CertificateRole

    theirs = issue_certificate(None, role=CertificateRole.PERSON, holder=desk.outsider, pin=PIN)
    response = signer_client.post(reverse("signing_ui:sign"), _form(desk, certificate=theirs.pk))
    assert response.status_code == 400
    assert b"You may not sign with this certificate." in response.content
    assert not SignedDocument.objects.exists()


def test_an_invalid_pdf_is_refused_on_the_file_field(signer_client: Client, desk: Desk) -> None:
    upload = SimpleUploadedFile("note.pdf", b"%PDF-1.7\nthis is not a document", "application/pdf")
    response = signer_client.post(reverse("signing_ui:sign"), _form(desk, file=upload))
    assert response.status_code == 400
    assert b'id="id_file_error"' in response.content
    assert not SignedDocument.objects.exists()


def test_classification_above_my_clearance_is_not_offered(desk: Desk) -> None:
    client = Client(headers={"Accept-Language": "en"})
    desk.signer.clearance = Clearance.UNCLASSIFIED
    desk.signer.save(update_fields=["clearance"])
    client.force_login(desk.signer)
    response = client.post(reverse("signing_ui:sign"), _form(desk, classification=Clearance.SECRET))
    assert response.status_code == 400
    assert b'id="id_classification_error"' in response.content
    assert not SignedDocument.objects.exists()


def test_validating_a_signed_pdf_shows_every_finding_and_a_json_report(
    signer_client: Client, desk: Desk
) -> None:
    from chancery.blobs.service import open_blob

    document = desk.sign()
    with open_blob(document.blob.address, actor=None) as reader:
        signed = reader.read()
    response = signer_client.post(
        reverse("signing_ui:validate"),
        {"file": SimpleUploadedFile("signed.pdf", signed, "application/pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "signed.pdf: Valid" in page
    assert "Lê Thị Hoa" in page
    assert "Unchanged since signing" in page
    assert "Certificate chain" in page
    assert "What the signature covers" in page
    encoded = re.search(r'href="data:application/json;base64,([^"]+)"', page)
    assert encoded is not None
    report = json.loads(base64.b64decode(encoded.group(1)))
    assert report["verdict"] == "valid"
    assert report["signatures"][0]["signer"]["common_name"] == "Lê Thị Hoa"
    assert AuditEntry.objects.filter(action="signing.validate", actor=desk.signer).exists()


def test_validating_something_that_is_not_a_pdf_says_why(signer_client: Client, desk: Desk) -> None:
    response = signer_client.post(
        reverse("signing_ui:validate"),
        {"file": SimpleUploadedFile("x.pdf", b"hello", "application/pdf")},
    )
    assert response.status_code == 400
    assert b'id="id_file_error"' in response.content


def test_the_overview_reads_a_bounded_number_of_rows(
    signer_client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    for _ in range(4):
        desk.sign()
    signer_client.get(reverse("signing_ui:overview"))  # session and caches warmed
    with django_assert_max_num_queries(9):
        response = signer_client.get(reverse("signing_ui:overview"))
    assert response.content.decode().count("125/BNG-LS") == 4

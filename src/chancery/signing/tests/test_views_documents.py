"""A signed document's page: details, revisions, QR code, and the forms its reader may use."""

from __future__ import annotations

import hashlib
import re

from django.apps import apps
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance, Role
from chancery.signing.constants import IssuedStatus
from chancery.signing.models import SignedDocument
from chancery.signing.tests import views_helpers
from chancery.signing.tests.views_helpers import PIN, Desk

AuditEntry = apps.get_model("core", "AuditEntry")

# Fixtures shared by the view tests.
desk = views_helpers.desk
signer_client = views_helpers.signer_client


def _client_for(user: object) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_document_page_shows_details_signatures_revisions_and_verification(
    signer_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    response = signer_client.get(reverse("signing_ui:document", args=[document.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "125/BNG-LS" in page
    assert "Consular Department" in page
    assert document.verification_code in page
    assert "<svg" in page
    assert 'aria-label="QR code of the verification page"' in page
    assert reverse("verify:code", args=[document.verification_code]) in page
    assert reverse("signing_ui:revision", args=[document.pk, 1]) in page
    # The signer holds a certificate and heads the issuing unit: every form is offered
    for action in ("countersign", "timestamp", "revoke"):
        assert reverse(f"signing_ui:{action}", args=[document.pk]) in page


def test_someone_who_may_not_see_the_document_gets_404(desk: Desk) -> None:
    document = desk.sign(classification=Clearance.CONFIDENTIAL)
    client = _client_for(desk.outsider)
    for name in ("signing_ui:document", "signing_ui:timestamp", "signing_ui:revoke"):
        method = client.get if name == "signing_ui:document" else client.post
        assert method(reverse(name, args=[document.pk])).status_code == 404
    assert client.get(reverse("signing_ui:revision", args=[document.pk, 1])).status_code == 404


def test_classified_document_page_carries_the_classification_banner(
    signer_client: Client, desk: Desk
) -> None:
    document = desk.sign(classification=Clearance.SECRET)
    response = signer_client.get(reverse("signing_ui:document", args=[document.pk]))
    assert (
        b"TU\xe1\xbb\x90I M\xe1\xba\xacT" in response.content
        or "TỐI MẬT".encode() in response.content
    )


def test_a_reader_without_rights_sees_no_forms(desk: Desk) -> None:
    # Given a colleague of another unit on the document's distribution, without certificate
    document = desk.sign()
    document.distribution.add(desk.outsider)
    page = (
        _client_for(desk.outsider)
        .get(reverse("signing_ui:document", args=[document.pk]))
        .content.decode()
    )
    # Then they see the document but no form to countersign, timestamp or revoke it
    assert "125/BNG-LS" in page
    for action in ("countersign", "timestamp", "revoke"):
        assert reverse(f"signing_ui:{action}", args=[document.pk]) not in page


def test_downloading_a_revision_streams_the_signed_pdf(signer_client: Client, desk: Desk) -> None:
    document = desk.sign()
    response = signer_client.get(reverse("signing_ui:revision", args=[document.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith(b"%PDF")
    assert len(body) == document.versions.get().size
    assert (
        signer_client.get(reverse("signing_ui:revision", args=[document.pk, 9])).status_code == 404
    )


def test_the_viewing_copy_is_watermarked_unsigned_and_leaves_the_original_alone(
    signer_client: Client, desk: Desk
) -> None:
    # Given a signed document
    document = desk.sign()
    stored = document.versions.get()
    # When its reader opens the viewing copy
    response = signer_client.get(reverse("signing_ui:view-copy", args=[document.pk]))
    # Then it is a PDF without signatures, shown inline, and differs from the original
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    copy = response.content
    from chancery.signing.pdf.inspect import inspect_pdf

    assert inspect_pdf(copy).signature_count == 0
    assert hashlib.sha256(copy).hexdigest() != stored.sha256
    # And the stored original is byte for byte what was signed
    from chancery.blobs.service import open_blob

    with open_blob(stored.blob.address, actor=None) as reader:
        assert hashlib.sha256(reader.read()).hexdigest() == stored.sha256


def test_downloading_a_classified_revision_is_audited(signer_client: Client, desk: Desk) -> None:
    document = desk.sign(classification=Clearance.CONFIDENTIAL)
    before = AuditEntry.objects.filter(action="blobs.read").count()
    response = signer_client.get(reverse("signing_ui:revision", args=[document.pk, 1]))
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="blobs.read").count() == before + 1


def test_countersigning_adds_a_revision(signer_client: Client, desk: Desk) -> None:
    document = desk.sign()
    response = signer_client.post(
        reverse("signing_ui:countersign", args=[document.pk]),
        {
            "countersign-certificate": desk.certificate.pk,
            "countersign-level": "B-B",
            "countersign-pin": PIN,
        },
    )
    assert response.status_code == 302
    assert document.versions.count() == 2
    assert document.signatures.count() == 2


def test_countersigning_with_a_wrong_pin_shows_the_error_on_the_page(
    signer_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    response = signer_client.post(
        reverse("signing_ui:countersign", args=[document.pk]),
        {
            "countersign-certificate": desk.certificate.pk,
            "countersign-level": "B-B",
            "countersign-pin": "999999",
        },
    )
    assert response.status_code == 400
    assert re.search(rb"The PIN is wrong\. \d+ attempts are left", response.content)
    assert document.versions.count() == 1


def test_revoking_needs_a_reason_then_the_public_page_says_revoked(
    signer_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    url = reverse("signing_ui:revoke", args=[document.pk])
    empty = signer_client.post(url, {"revoke-reason": " "})
    assert empty.status_code == 400
    assert b'id="id_revoke-reason_error"' in empty.content
    response = signer_client.post(url, {"revoke-reason": "Sai số hiệu"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == IssuedStatus.REVOKED
    assert document.revocation_reason == "Sai số hiệu"
    public = Client(headers={"Accept-Language": "en"}).get(
        reverse("verify:code", args=[document.verification_code])
    )
    assert b"REVOKED" in public.content


def test_a_specialist_of_another_unit_may_not_revoke(desk: Desk) -> None:
    document = desk.sign()
    document.distribution.add(desk.outsider)
    assert desk.outsider.roles == [Role.SPECIALIST.value]
    response = _client_for(desk.outsider).post(
        reverse("signing_ui:revoke", args=[document.pk]), {"revoke-reason": "Không đúng"}
    )
    assert response.status_code == 404
    assert SignedDocument.objects.get(pk=document.pk).status == IssuedStatus.VALID


def test_adding_an_archive_timestamp_adds_a_revision(signer_client: Client, desk: Desk) -> None:
    document = desk.sign(level="B-LT")
    response = signer_client.post(reverse("signing_ui:timestamp", args=[document.pk]))
    assert response.status_code == 302
    follow = signer_client.get(response["Location"])
    assert b"An archive timestamp was added" in follow.content
    assert document.versions.count() == 2

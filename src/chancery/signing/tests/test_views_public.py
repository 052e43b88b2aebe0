"""The public verification page: codes typed leniently, the issued record, uploaded copies."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.blobs.service import open_blob
from chancery.core.service import Clearance
from chancery.lib.pdfgen import sample_letter
from chancery.signing.actions.documents import revoke_document
from chancery.signing.models import SignedDocument, SignedVersion
from chancery.signing.tests import views_helpers
from chancery.signing.tests.views_helpers import Desk, mistyped
from chancery.signing.views import public

AuditEntry = apps.get_model("core", "AuditEntry")

# Fixtures shared by the view tests.
desk = views_helpers.desk
english_client = views_helpers.english_client


def _bytes(document: SignedDocument, revision: int | None = None) -> bytes:
    version = (
        SignedVersion.objects.get(document=document, revision=revision)
        if revision
        else document.versions.order_by("-revision").first()
    )
    assert version is not None
    with open_blob(version.blob.address, actor=None) as reader:
        return reader.read()


def _upload(data: bytes, name: str = "copy.pdf") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, data, content_type="application/pdf")}


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    from django.core.cache import cache

    cache.clear()


def test_anonymous_visitor_sees_the_code_form(english_client: Client, db: None) -> None:
    response = english_client.get(reverse("verify:index"))
    assert response.status_code == 200
    assert b"Verify an issued document" in response.content
    assert b'name="code"' in response.content


def test_a_code_typed_in_lower_case_without_dashes_leads_to_its_page(
    english_client: Client, desk: Desk
) -> None:
    # Given a signed document
    document = desk.sign()
    typed = document.verification_code.replace("-", "").lower()
    # When a citizen types its code loosely
    response = english_client.get(reverse("verify:index"), {"code": typed})
    # Then they are sent to the canonical page
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:code", args=[document.verification_code])


def test_a_code_with_a_wrong_check_symbol_is_called_a_typing_error(
    english_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    response = english_client.get(
        reverse("verify:index"), {"code": mistyped(document.verification_code)}
    )
    assert response.status_code == 200
    assert b"typing error" in response.content
    assert b"No document was issued" not in response.content


def test_a_well_formed_unknown_code_says_no_document(english_client: Client, db: None) -> None:
    from chancery.signing.codes import new_code

    response = english_client.get(reverse("verify:index"), {"code": new_code()})
    assert response.status_code == 404
    assert b"No document was issued with this code." in response.content


def test_something_that_is_not_a_code_says_what_a_code_looks_like(
    english_client: Client, db: None
) -> None:
    response = english_client.get(reverse("verify:index"), {"code": "hello"})
    assert b"twelve letters and digits" in response.content


def test_unknown_code_page_answers_404(english_client: Client, db: None) -> None:
    from chancery.signing.codes import new_code

    response = english_client.get(reverse("verify:code", args=[new_code()]))
    assert response.status_code == 404
    assert b"No document with this code" in response.content


def test_mistyped_code_in_the_address_says_typing_error(english_client: Client, desk: Desk) -> None:
    document = desk.sign()
    response = english_client.get(
        reverse("verify:code", args=[mistyped(document.verification_code)])
    )
    assert response.status_code == 404
    assert b"typing error" in response.content


def test_valid_document_shows_issuer_number_title_and_signatures(
    english_client: Client, desk: Desk
) -> None:
    # Given a signed unclassified document
    document = desk.sign()
    # When anyone opens its page
    response = english_client.get(reverse("verify:code", args=[document.verification_code]))
    # Then they see it is valid, who issued it, what it is and who signed it
    page = response.content.decode()
    assert response.status_code == 200
    assert "VALID" in page
    assert "usa-alert--success" in page
    assert "Consular Department" in page
    assert "125/BNG-LS" in page
    assert "Công hàm về hợp pháp hóa lãnh sự" in page
    assert "Lê Thị Hoa" in page
    assert "PAdES B-B" in page
    assert 'name="file"' in page


def test_revoked_document_says_revoked_with_date_and_reason(
    english_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    revoke_document(desk.signer, document, "Cấp nhầm người nhận")
    response = english_client.get(reverse("verify:code", args=[document.verification_code]))
    page = response.content.decode()
    assert "REVOKED" in page
    assert "usa-alert--error" in page
    assert "Cấp nhầm người nhận" in page
    assert "VALID:" not in page


def test_classified_document_shows_only_issuer_and_status(
    english_client: Client, desk: Desk
) -> None:
    # Given a confidential document with a number and a title
    document = desk.sign(classification=Clearance.CONFIDENTIAL, public_title="Kế hoạch mật")
    # When anyone opens its page
    response = english_client.get(reverse("verify:code", args=[document.verification_code]))
    page = response.content.decode()
    # Then issuer and status show, and nothing else
    assert response.status_code == 200
    assert "Details withheld" in page
    assert "Consular Department" in page
    assert "Kế hoạch mật" not in page
    assert "125/BNG-LS" not in page
    assert "Lê Thị Hoa" not in page
    # And no copy can be compared with it (that would confirm its content)
    assert 'name="file"' not in page
    posted = english_client.post(
        reverse("verify:code", args=[document.verification_code]),
        _upload(_bytes(document)),
    )
    assert b"Exact copy" not in posted.content


def test_uploading_the_issued_file_says_exact_and_shows_its_signatures(
    english_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    audits_before = AuditEntry.objects.filter(action="signing.public_validate").count()
    response = english_client.post(
        reverse("verify:code", args=[document.verification_code]), _upload(_bytes(document))
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Exact copy" in page
    assert "Signatures in your file" in page
    assert "Lê Thị Hoa" in page
    assert "Unchanged since signing" in page
    assert AuditEntry.objects.filter(action="signing.public_validate").count() == audits_before + 1


def test_uploading_an_earlier_revision_says_later_signatures_were_added(
    english_client: Client, desk: Desk
) -> None:
    from chancery.signing.actions.documents import countersign

    document = desk.sign()
    first = _bytes(document)
    countersign(desk.signer, document, certificate=desk.certificate, pin="135790", level="B-B")
    response = english_client.post(
        reverse("verify:code", args=[document.verification_code]), _upload(first)
    )
    assert b"An earlier version of the issued document" in response.content


def test_uploading_another_pdf_says_it_is_not_the_issued_document(
    english_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    response = english_client.post(
        reverse("verify:code", args=[document.verification_code]),
        _upload(sample_letter("999/XYZ")),
    )
    page = response.content.decode()
    assert "Not the issued document" in page
    assert "Your file contains no signature." in page


def test_uploading_something_that_is_not_a_pdf_gets_the_translated_reason(
    english_client: Client, desk: Desk
) -> None:
    document = desk.sign()
    response = english_client.post(
        reverse("verify:code", args=[document.verification_code]),
        _upload(b"GIF89a not a pdf at all", "image.pdf"),
    )
    assert response.status_code == 400
    assert b"is not a PDF document" in response.content or b"not a valid PDF" in response.content
    assert b"Exact copy" not in response.content


def test_public_upload_larger_than_the_cap_is_refused(
    english_client: Client, desk: Desk, settings: Any
) -> None:
    document = desk.sign()
    settings.CHANCERY_UPLOAD_MAX_BYTES = 1000
    response = english_client.post(
        reverse("verify:code", args=[document.verification_code]), _upload(_bytes(document))
    )
    assert response.status_code == 400
    assert b"larger than" in response.content


def test_uploads_are_rate_limited_per_address(english_client: Client, desk: Desk) -> None:
    # Given a visitor who already checked as many files as the window allows
    document = desk.sign()
    url = reverse("verify:code", args=[document.verification_code])
    for _ in range(public.UPLOADS_PER_WINDOW):
        assert english_client.post(url, _upload(b"%PDF-")).status_code == 400
    # When they post one more
    response = english_client.post(url, _upload(_bytes(document)))
    # Then it is refused without being checked
    assert response.status_code == 429
    assert b"Too many files" in response.content
    # While another address is still served
    other = english_client.post(url, _upload(_bytes(document)), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_the_page_is_vietnamese_by_default(desk: Desk) -> None:
    document = desk.sign()
    response = Client().get(reverse("verify:code", args=[document.verification_code]))
    assert response.status_code == 200
    assert b'<html lang="vi">' in response.content


def test_the_record_page_reads_a_bounded_number_of_rows(
    english_client: Client, desk: Desk, django_assert_max_num_queries: Any
) -> None:
    # Given a document with several signatures (the page must not query per signature)
    from chancery.signing.actions.documents import countersign

    document = desk.sign()
    for _ in range(3):
        countersign(desk.signer, document, certificate=desk.certificate, pin="135790", level="B-B")
    url = reverse("verify:code", args=[document.verification_code])
    with django_assert_max_num_queries(3):
        response = english_client.get(url)
    assert response.content.decode().count("PAdES B-B") == 4

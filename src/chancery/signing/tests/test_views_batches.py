"""Batch signing from the workspace: one PIN, a background job, a page that follows it."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chancery.core.service import Clearance
from chancery.lib.pdfgen import sample_letter
from chancery.signing.models import SignedDocument, SigningBatch
from chancery.signing.tests import views_helpers
from chancery.signing.tests.views_helpers import PIN, Desk

# Fixtures shared by the view tests.
desk = views_helpers.desk
signer_client = views_helpers.signer_client


def _pdfs(count: int) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"thu-{n}.pdf", sample_letter(f"{n}/BNG"), "application/pdf")
        for n in range(count)
    ]


def _form(desk: Desk, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pdfs": _pdfs(2),
        "document_type": "cong-van",
        "issuer_unit": desk.unit.pk,
        "classification": Clearance.UNCLASSIFIED,
        "certificate": desk.certificate.pk,
        "level": "B-B",
        "pin": PIN,
    }
    data.update(overrides)
    return data


def _run(batch: SigningBatch) -> None:
    """Run the batch's job here, as a worker would."""
    from chancery.signing.actions.batches import run_batch_job

    run_batch_job(str(batch.pk))


def test_starting_a_batch_shows_its_progress_page(signer_client: Client, desk: Desk) -> None:
    response = signer_client.post(reverse("signing_ui:batch-new"), _form(desk))
    batch = SigningBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("signing_ui:batch", args=[batch.pk])
    page = signer_client.get(response["Location"]).content.decode()
    assert "thu-0.pdf" in page
    assert "thu-1.pdf" in page
    assert "Signing 2 documents" in page  # core's progress partial
    assert f'hx-get="{reverse("signing_ui:batch", args=[batch.pk])}"' in page
    assert 'http-equiv="refresh"' in page


def test_a_finished_batch_links_each_signed_document(signer_client: Client, desk: Desk) -> None:
    signer_client.post(reverse("signing_ui:batch-new"), _form(desk))
    batch = SigningBatch.objects.get()
    _run(batch)
    page = signer_client.get(reverse("signing_ui:batch", args=[batch.pk])).content.decode()
    for document in SignedDocument.objects.all():
        assert reverse("signing_ui:document", args=[document.pk]) in page
    assert "2 of 2 done" in page
    assert "hx-trigger" not in page.split('id="batch-items"')[1].split(">")[0]


def test_a_bad_item_shows_why_it_was_not_signed(signer_client: Client, desk: Desk) -> None:
    broken = SimpleUploadedFile("hong.pdf", b"%PDF-1.7 broken", "application/pdf")
    signer_client.post(reverse("signing_ui:batch-new"), _form(desk, pdfs=[*_pdfs(1), broken]))
    batch = SigningBatch.objects.get()
    _run(batch)
    page = signer_client.get(reverse("signing_ui:batch", args=[batch.pk])).content.decode()
    assert "Not signed" in page
    assert "hong.pdf" in page
    assert SignedDocument.objects.count() == 1


def test_a_wrong_pin_is_refused_before_anything_is_queued(
    signer_client: Client, desk: Desk
) -> None:
    response = signer_client.post(reverse("signing_ui:batch-new"), _form(desk, pin="111111"))
    assert response.status_code == 400
    assert b'id="id_pin_error"' in response.content
    assert not SigningBatch.objects.exists()


def test_countersigning_several_documents_in_one_batch(signer_client: Client, desk: Desk) -> None:
    first, second = desk.sign(), desk.sign()
    form = signer_client.get(reverse("signing_ui:batch-new")).content.decode()
    assert str(first.pk) in form
    assert str(second.pk) in form
    response = signer_client.post(
        reverse("signing_ui:batch-new"),
        _form(desk, pdfs=[], document_type="", documents=[first.pk, second.pk]),
    )
    assert response.status_code == 302
    _run(SigningBatch.objects.get())
    assert first.signatures.count() == 2
    assert second.signatures.count() == 2


def test_an_empty_batch_or_a_mixed_one_is_refused(signer_client: Client, desk: Desk) -> None:
    document = desk.sign()
    empty = signer_client.post(reverse("signing_ui:batch-new"), _form(desk, pdfs=[]))
    assert b"Choose PDFs to sign or documents to countersign." in empty.content
    mixed = signer_client.post(
        reverse("signing_ui:batch-new"), _form(desk, documents=[document.pk])
    )
    assert b"not both" in mixed.content
    assert not SigningBatch.objects.exists()


def test_someone_else_cannot_watch_my_batch(signer_client: Client, desk: Desk) -> None:
    signer_client.post(reverse("signing_ui:batch-new"), _form(desk))
    batch = SigningBatch.objects.get()
    other = Client()
    other.force_login(desk.outsider)
    assert other.get(reverse("signing_ui:batch", args=[batch.pk])).status_code == 404

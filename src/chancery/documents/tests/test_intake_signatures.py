"""Signed PDFs are checked on receipt: the verdict is kept on the file and shown, and an
invalid one can be returned to its sender."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chancery.core.service import Role
from chancery.core.tests.factories import UserFactory
from chancery.documents.actions.intake import Upload, receive
from chancery.documents.constants import ExtractionStatus
from chancery.documents.tasks.intake import run_extraction
from chancery.documents.tests.factories_intake import letter_pdf
from chancery.signing.constants import CertificateRole
from chancery.signing.pki.material import Hierarchy
from chancery.signing.pki.x509build import Subject
from chancery.signing.tests.signed_documents import sign
from chancery.signing.tests.tampering import flip_signed_byte

pytestmark = pytest.mark.django_db

_SIGNED: list[bytes] = []


def _signed_letter() -> bytes:
    """A letter signed (PAdES B-B) by a certificate of a hierarchy this installation does not
    trust (generated once: RSA keys are slow)."""
    if not _SIGNED:
        hierarchy = Hierarchy.generate(base_url="http://127.0.0.1:9")
        leaf = hierarchy.issue(
            CertificateRole.PERSON, Subject("Trần Văn Bình", "UBND Hải Phòng", "Văn phòng")
        )
        _SIGNED.append(sign(letter_pdf(), hierarchy, leaf, level="B-B"))
    return _SIGNED[0]


def _received_and_checked(clerk: Any, data: bytes) -> Any:
    document = receive(clerk, [Upload("signed.pdf", data, "application/pdf")])
    run_extraction(str(document.files.get().pk))
    return document.files.get()


def test_a_signed_pdf_from_an_unknown_authority_is_kept_as_indeterminate_with_its_signer() -> None:
    file = _received_and_checked(UserFactory(clerk=True), _signed_letter())
    assert file.extraction_status == ExtractionStatus.DONE
    assert file.signature_verdict == "indeterminate"
    assert file.signature_report["signatures"][0]["signer"] == "Trần Văn Bình"


def test_a_tampered_signed_pdf_is_invalid_and_the_clerk_is_offered_to_return_it(
    client: Client,
) -> None:
    clerk = UserFactory(clerk=True)
    file = _received_and_checked(clerk, flip_signed_byte(_signed_letter()))
    assert file.signature_verdict == "invalid"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(clerk)
    page = client.get(reverse("documents:detail", args=[file.document_id])).content.decode()
    assert "A signature of this document is invalid" in page
    assert reverse("documents:intake_return", args=[file.document_id]) in page


def test_an_unsigned_pdf_is_marked_unsigned_without_running_the_validator() -> None:
    file = _received_and_checked(UserFactory(roles=[Role.CLERK.value]), letter_pdf())
    assert (file.signature_verdict, file.signature_report) == ("unsigned", {})

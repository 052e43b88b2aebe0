"""Signing, countersigning, revoking and looking up documents through the actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.utils import translation

from chancery.blobs.models import Blob
from chancery.core.models import AuditEntry
from chancery.lib.pdfgen import sample_letter
from chancery.signing.actions import documents as actions
from chancery.signing.actions.documents import (
    ConcurrentSignature,
    SigningRequest,
    countersign,
    revoke_document,
    sign_document,
)
from chancery.signing.codes import normalise
from chancery.signing.constants import IssuedStatus, PadesLevel
from chancery.signing.exceptions import NotAllowedToSign, NotAPdf, WrongPin
from chancery.signing.models import Signature, SignedDocument
from chancery.signing.pdf.engine import sign_pdf
from chancery.signing.queries.documents import match_upload, public_record
from chancery.signing.queries.validation import validate
from chancery.signing.tests.db_pki import PIN, SigningWorld


def _request(world: SigningWorld, **overrides: Any) -> SigningRequest:
    values: dict[str, Any] = {
        "document_type": "cong-van",
        "issuer_unit_id": world.unit.pk,
        "level": PadesLevel.B_B,
        "public_number": "125/BNG-LS",
        "public_title": "Công hàm về hợp pháp hóa lãnh sự",
    }
    values.update(overrides)
    return SigningRequest(**values)


def _signed_bytes(document: SignedDocument) -> bytes:
    from chancery.blobs.service import open_blob

    with open_blob(document.blob.address, actor=None) as reader:
        return reader.read()


def test_signing_records_the_document_its_code_and_an_audit_entry(world: SigningWorld) -> None:
    # Given a unit head with a personal certificate and a letter
    letter = sample_letter()
    # When the head signs it
    document = sign_document(
        world.head, pdf=letter, certificate=world.head_cert, pin=PIN, request=_request(world)
    )
    # Then the signed file is stored as revision 1 with one signature and a valid code
    assert normalise(document.verification_code) == document.verification_code
    assert document.versions.count() == 1
    signature = Signature.objects.get(document=document)
    assert signature.signer == world.head
    assert signature.level == PadesLevel.B_B
    signed = _signed_bytes(document)
    assert signed.startswith(letter[:8])
    assert len(signed) > len(letter)
    assert AuditEntry.objects.filter(action="signing.sign", object_id=str(document.pk)).exists()
    # And the signature validates
    report = validate(signed)
    assert report.verdict == "valid", report.to_dict()


def test_a_wrong_pin_signs_nothing_and_stores_nothing(world: SigningWorld) -> None:
    blobs_before = Blob.objects.count()
    with pytest.raises(WrongPin):
        sign_document(
            world.head,
            pdf=sample_letter(),
            certificate=world.head_cert,
            pin="000000",
            request=_request(world),
        )
    assert SignedDocument.objects.count() == 0
    assert Blob.objects.count() == blobs_before
    world.head_cert.refresh_from_db()
    assert world.head_cert.pin_failures == 1


def test_a_file_that_is_not_a_pdf_is_refused_before_anything_happens(world: SigningWorld) -> None:
    with pytest.raises(NotAPdf):
        sign_document(
            world.head,
            pdf=b"PK\x03\x04 this is a zip file",
            certificate=world.head_cert,
            pin=PIN,
            request=_request(world),
        )
    assert SignedDocument.objects.count() == 0


def test_only_the_holder_signs_with_a_personal_certificate(world: SigningWorld) -> None:
    with pytest.raises(NotAllowedToSign):
        sign_document(
            world.clerk,
            pdf=sample_letter(),
            certificate=world.head_cert,
            pin=PIN,
            request=_request(world),
        )


def test_countersigning_with_the_seal_keeps_the_first_signature_valid(
    world: SigningWorld,
) -> None:
    # Given a letter signed by the unit head
    document = sign_document(
        world.head,
        pdf=sample_letter(),
        certificate=world.head_cert,
        pin=PIN,
        request=_request(world, level=PadesLevel.B_T),
    )
    # When the clerk affixes the unit's seal
    countersign(world.clerk, document, certificate=world.seal_cert, pin=PIN, level=PadesLevel.B_LTA)
    # Then there are two revisions and both signatures are valid
    document.refresh_from_db()
    assert list(document.versions.values_list("revision", flat=True)) == [1, 2]
    report = validate(_signed_bytes(document))
    signatures = [s for s in report.signatures if s.kind == "signature"]
    assert [s.verdict for s in signatures] == ["valid", "valid"], report.to_dict()
    assert report.verdict == "valid"


def test_a_countersignature_racing_another_is_refused(
    world: SigningWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a signed document
    document = sign_document(
        world.head,
        pdf=sample_letter(),
        certificate=world.head_cert,
        pin=PIN,
        request=_request(world),
    )
    real_sign = sign_pdf
    raced = {"done": False}

    def sign_while_someone_else_signs(data: bytes, **kwargs: Any) -> bytes:
        # While the clerk's signature is being computed, the head countersigns and commits.
        if not raced["done"]:
            raced["done"] = True
            countersign(world.head, document, certificate=world.head_cert, pin=PIN)
        return real_sign(data, **kwargs)

    monkeypatch.setattr(actions, "sign_pdf", sign_while_someone_else_signs)
    # When the clerk's countersignature is committed on top of the stale revision
    with pytest.raises(ConcurrentSignature):
        countersign(world.clerk, document, certificate=world.seal_cert, pin=PIN)
    # Then only the head's countersignature landed
    assert document.versions.count() == 2


def test_revoking_shows_on_the_public_record_with_the_reason(world: SigningWorld) -> None:
    document = sign_document(
        world.clerk,
        pdf=sample_letter(),
        certificate=world.seal_cert,
        pin=PIN,
        request=_request(world),
    )
    with pytest.raises(Http404):
        revoke_document(world.outsider, document, "not mine")
    with translation.override("en"), pytest.raises(ValueError, match="reason"):
        revoke_document(world.head, document, "   ")
    revoke_document(world.head, document, "Issued in error; replaced by 126/BNG-LS")
    record = public_record(document.verification_code.lower())
    assert record is not None
    assert record.is_revoked
    assert record.revocation_reason == "Issued in error; replaced by 126/BNG-LS"
    assert document.status == IssuedStatus.VALID  # the caller's copy is stale ...
    document.refresh_from_db()
    assert document.status == IssuedStatus.REVOKED  # ... the database is not


def test_the_public_record_of_a_classified_document_shows_only_issuer_and_status(
    world: SigningWorld,
) -> None:
    world.head.clearance = 1
    world.head.save(update_fields=["clearance"])
    document = sign_document(
        world.head,
        pdf=sample_letter(),
        certificate=world.head_cert,
        pin=PIN,
        request=_request(world, classification=1),
    )
    record = public_record(document.verification_code)
    assert record is not None
    assert record.withheld
    assert record.title == ""
    assert record.number == ""
    assert record.signatures == ()
    assert record.issuer == "Cục Lãnh sự"


def test_an_uploaded_copy_is_recognised_exactly_or_as_an_earlier_revision(
    world: SigningWorld,
) -> None:
    document = sign_document(
        world.head,
        pdf=sample_letter(),
        certificate=world.head_cert,
        pin=PIN,
        request=_request(world),
    )
    first = _signed_bytes(document)
    countersign(world.clerk, document, certificate=world.seal_cert, pin=PIN, level=PadesLevel.B_B)
    document.refresh_from_db()
    latest = _signed_bytes(document)
    exact = match_upload(document.verification_code, latest)
    earlier = match_upload(document.verification_code, first)
    other = match_upload(document.verification_code, latest[:-10] + b"0000000000")
    assert exact is not None
    assert exact.exact
    assert not exact.earlier_revision
    assert earlier is not None
    assert earlier.earlier_revision
    assert not earlier.exact
    assert other is not None
    assert not other.exact
    assert not other.earlier_revision
    assert match_upload("AAAA-AAAA-AAAA", latest) is None

"""Validation of well-formed signed documents: verdict, level, and long-term validity."""

from __future__ import annotations

import datetime as dt

import pytest
from pyhanko.sign.timestamps import TimeStamper

from chancery.signing.constants import CertificateRole
from chancery.signing.pki.material import Hierarchy, Issued
from chancery.signing.pki.x509build import Subject
from chancery.signing.tests.signed_documents import LEVELS, context_factory, sign
from chancery.signing.validation.engine import validate_pdf


@pytest.mark.parametrize("level", LEVELS)
def test_signature_at_each_level_is_valid_and_reports_that_level(
    level: str, hierarchy: Hierarchy, person: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    # Given a letter signed at the level
    signed = sign(letter_pdf, hierarchy, person, level=level, timestamper=timestamper)

    # When it is validated now
    report = validate_pdf(signed, context_factory=context_factory(hierarchy, [person]))

    # Then the document and its signature are valid, at exactly that level
    assert report.verdict == "valid"
    signature = report.signatures[0]
    assert (signature.kind, signature.verdict, signature.pades_level) == (
        "signature",
        "valid",
        level,
    )
    assert signature.integrity == "intact"
    assert signature.trust == "trusted"
    assert signature.signer is not None
    assert signature.signer.common_name == "Nguyễn Văn An"
    assert [cert.common_name for cert in signature.chain][-1] == "Bộ Ngoại giao Root CA"
    assert (signature.timestamp_time is not None) == (level != "B-B")
    assert report.page_count == 2
    kinds = [sig.kind for sig in report.signatures]
    assert kinds.count("document_timestamp") == (1 if level == "B-LTA" else 0)


def test_lta_document_stays_valid_after_the_signer_certificate_expired(
    hierarchy: Hierarchy, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    # Given a B-LTA letter signed by a certificate valid for 30 days
    short_lived = hierarchy.issue(
        CertificateRole.PERSON, Subject("Trần Thị Bình", "Bộ Ngoại giao"), days=30
    )
    signed = sign(letter_pdf, hierarchy, short_lived, level="B-LTA", timestamper=timestamper)
    # (years later the CA answers only for its current certificates, not the expired one)
    factory = context_factory(hierarchy, [])
    three_years_later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3 * 365)

    # When it is validated three years later, long after the certificate expired
    report = validate_pdf(signed, context_factory=factory, moment=three_years_later)

    # Then the document timestamp and the embedded DSS keep it valid
    assert report.verdict == "valid"
    assert report.signatures[0].pades_level == "B-LTA"
    assert report.validated_at == three_years_later


def test_every_signature_of_a_countersigned_document_is_reported(
    hierarchy: Hierarchy, person: Issued, seal: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    # Given a letter signed by a person, then sealed by the ministry in a second signature
    first = sign(
        letter_pdf, hierarchy, person, level="B-T", timestamper=timestamper, field_name="Person"
    )
    both = sign(first, hierarchy, seal, level="B-T", timestamper=timestamper, field_name="Seal")

    # When it is validated
    report = validate_pdf(both, context_factory=context_factory(hierarchy, [person, seal]))

    # Then both signatures are there, in order, each valid; the first covers its revision only
    assert [sig.field_name for sig in report.signatures] == ["Person", "Seal"]
    assert [sig.signer.common_name for sig in report.signatures if sig.signer] == [
        "Nguyễn Văn An",
        "Bộ Ngoại giao",
    ]
    assert [sig.verdict for sig in report.signatures] == ["valid", "valid"]
    assert report.signatures[0].coverage == "entire_revision"
    assert report.signatures[0].modification == "form_filling"
    assert report.signatures[1].coverage == "entire_document"
    assert report.verdict == "valid"


def test_unsigned_document_is_reported_unsigned(
    hierarchy: Hierarchy, person: Issued, letter_pdf: bytes
) -> None:
    report = validate_pdf(letter_pdf, context_factory=context_factory(hierarchy, [person]))

    assert report.verdict == "unsigned"
    assert report.signatures == ()
    assert report.size == len(letter_pdf)


def test_report_serialises_to_stable_json_keys(
    hierarchy: Hierarchy, person: Issued, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    signed = sign(letter_pdf, hierarchy, person, level="B-T", timestamper=timestamper)

    data = validate_pdf(signed, context_factory=context_factory(hierarchy, [person])).to_dict()

    assert set(data) == {"sha256", "size", "page_count", "signatures", "verdict", "validated_at"}
    signature = data["signatures"][0]
    assert signature["pades_level"] == "B-T"
    assert dt.datetime.fromisoformat(signature["timestamp_time"]).tzinfo is not None
    assert set(signature["signer"]) == {
        "common_name",
        "organisation",
        "serial",
        "issuer",
        "not_before",
        "not_after",
        "sha256",
    }
    assert signature["signer"]["serial"] == format(person.certificate.serial_number, "x")

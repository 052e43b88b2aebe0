"""Trust in the signer's certificate: unknown CA, revoked, expired."""

from __future__ import annotations

import datetime as dt

from pyhanko.sign.timestamps import TimeStamper

from chancery.signing.constants import CertificateRole
from chancery.signing.pki.material import Hierarchy
from chancery.signing.pki.x509build import Subject
from chancery.signing.tests.signed_documents import context_factory, sign
from chancery.signing.validation.engine import validate_pdf


def test_signature_by_a_certificate_from_an_unknown_ca_is_untrusted(
    hierarchy: Hierarchy, letter_pdf: bytes
) -> None:
    # Given a letter signed with a certificate of another authority, which we do not trust
    stranger_ca = Hierarchy.generate(
        organisation="Unknown Authority", base_url="http://127.0.0.1:9"
    )
    stranger = stranger_ca.issue(CertificateRole.PERSON, Subject("Mallory", "Unknown"))
    signed = sign(letter_pdf, stranger_ca, stranger, level="B-B")

    # When it is validated against our trust store
    report = validate_pdf(signed, context_factory=context_factory(hierarchy, []))

    # Then the signature is intact but untrusted, so not valid (ETSI: INDETERMINATE)
    signature = report.signatures[0]
    assert signature.integrity == "intact"
    assert signature.trust == "untrusted_root"
    assert signature.verdict == "indeterminate"
    assert report.verdict == "indeterminate"


def test_signature_made_after_revocation_is_invalid_and_says_when(
    hierarchy: Hierarchy, timestamper: TimeStamper, letter_pdf: bytes
) -> None:
    # Given a certificate revoked an hour ago, then used to sign with a timestamp
    leaf = hierarchy.issue(CertificateRole.PERSON, Subject("Phạm Văn Dũng", "Bộ Ngoại giao"))
    revoked_at = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    hierarchy.revoke(leaf.certificate, when=revoked_at, reason="key_compromise")
    signed = sign(letter_pdf, hierarchy, leaf, level="B-T", timestamper=timestamper)

    # When it is validated
    report = validate_pdf(signed, context_factory=context_factory(hierarchy, [leaf]))

    # Then it is revoked, with the revocation time, and invalid
    signature = report.signatures[0]
    assert signature.trust == "revoked"
    assert signature.revoked_at == revoked_at
    assert signature.verdict == "invalid"
    assert report.verdict == "invalid"


def test_signature_by_an_expired_certificate_is_not_valid(
    hierarchy: Hierarchy, letter_pdf: bytes
) -> None:
    # Given a certificate valid for a year, two years ago, that signs today
    three_years_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=3 * 365)
    leaf = hierarchy.issue(
        CertificateRole.PERSON,
        Subject("Hoàng Thị Em", "Bộ Ngoại giao"),
        not_before=three_years_ago,
        days=365,
    )
    signed = sign(letter_pdf, hierarchy, leaf, level="B-B")

    # When it is validated
    report = validate_pdf(signed, context_factory=context_factory(hierarchy, [leaf]))

    # Then the certificate is reported expired and the signature is not valid
    signature = report.signatures[0]
    assert signature.integrity == "intact"
    assert signature.trust == "expired"
    assert signature.verdict in {"invalid", "indeterminate"}
    assert report.verdict != "valid"

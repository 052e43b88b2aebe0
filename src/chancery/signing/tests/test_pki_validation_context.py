"""The validation context: long-term signing against the internal PKI needs no HTTP at all."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.validation import validate_pdf_signature

from chancery.core.tests.factories import UserFactory
from chancery.signing.actions.keys import unlock_for_signing
from chancery.signing.actions.pki import InternalPki, issue_certificate, revoke_certificate
from chancery.signing.constants import CertificateRole
from chancery.signing.queries.pki import timestamper, validation_context

pytestmark = pytest.mark.django_db(transaction=True)

PIN = "620481"


def _sign_lt(holder: Any, certificate: Any, pdf: bytes) -> BytesIO:
    with unlock_for_signing(holder, certificate, PIN) as signer:
        context = validation_context(for_signing=True, extra_certs=[signer.signing_cert])
        meta = signers.PdfSignatureMetadata(
            field_name="Signature1",
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=True,
            validation_context=context,
        )
        signed: BytesIO = signers.PdfSigner(meta, signer, timestamper=timestamper()).sign_pdf(
            IncrementalPdfFileWriter(BytesIO(pdf))
        )
    return signed


def test_b_lt_signing_embeds_our_own_revocation_data_without_fetching(
    internal_pki: InternalPki, letter_pdf: bytes, settings: Any
) -> None:
    # Given fetching is off, so any revocation data must come from the database
    settings.CHANCERY_SIGNING_ALLOW_FETCHING = False
    holder = UserFactory()
    certificate = issue_certificate(None, role=CertificateRole.PERSON, pin=PIN, holder=holder)
    # When the holder signs at B-LT with the internal TSA (hard-fail revocation checking)
    signed = _sign_lt(holder, certificate, letter_pdf)
    # Then the file carries a DSS with CRLs and OCSP answers, and validates as trusted
    reader = PdfFileReader(signed)
    dss = reader.root["/DSS"]
    assert len(dss["/CRLs"]) >= 1
    assert len(dss["/OCSPs"]) >= 1
    status = validate_pdf_signature(reader.embedded_signatures[0], validation_context())
    assert status.bottom_line
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.trusted


def test_signing_at_b_lt_refuses_a_revoked_certificate_under_hard_fail(
    internal_pki: InternalPki, letter_pdf: bytes
) -> None:
    holder = UserFactory()
    certificate = issue_certificate(None, role=CertificateRole.PERSON, pin=PIN, holder=holder)
    with unlock_for_signing(holder, certificate, PIN) as signer:
        revoke_certificate(None, certificate, "key_compromise")
        context = validation_context(for_signing=True, extra_certs=[signer.signing_cert])
        meta = signers.PdfSignatureMetadata(
            field_name="Signature1",
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=True,
            validation_context=context,
        )
        with pytest.raises(PyHankoSigningError, match="could not be validated"):
            signers.PdfSigner(meta, signer, timestamper=timestamper()).sign_pdf(
                IncrementalPdfFileWriter(BytesIO(letter_pdf))
            )

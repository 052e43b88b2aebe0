"""The only module of ``signing`` that other apps import.

Sign a PDF that a domain app issues, countersign it, look it up, validate any PDF::

    from chancery.signing import service as signing

    request = signing.SigningRequest(document_type="cong-van", issuer_unit_id=unit.pk,
                                     public_number="125/BNG-LS", source=f"documents:{doc.pk}")
    signed = signing.sign_document(user, pdf=data, certificate=cert, pin=pin, request=request)
    signed.verification_code          # printed on the document, answers at /verify/<code>
    signing.countersign(head, signed, certificate=seal, pin=seal_pin)
    report = signing.validate(data)    # any PDF, ours or not

Every signing and validation is written to the audit chain. Errors are ``SigningError``
subclasses carrying a translated ``message`` and a stable ``code``.
"""

from chancery.signing.actions.batches import BatchItem, BatchOutcome, sign_batch, start_batch
from chancery.signing.actions.documents import (
    ConcurrentSignature,
    SigningRequest,
    countersign,
    revoke_document,
    sign_document,
    timestamp_document,
)
from chancery.signing.actions.pin_retry import PinRefused, count_wrong_pin
from chancery.signing.constants import AppearanceKind, CertificateRole, IssuedStatus, PadesLevel
from chancery.signing.exceptions import (
    CertificateNotUsable,
    DocumentRevoked,
    EncryptedPdf,
    InvalidPdf,
    KeyLocked,
    MalformedPdf,
    NotAllowedToSign,
    NotAPdf,
    SigningError,
    TruncatedPdf,
    WrongPin,
)
from chancery.signing.models import Certificate, SignedDocument
from chancery.signing.pdf.derivatives import view_copy as watermarked_copy
from chancery.signing.queries.documents import (
    documents_visible_to,
    get_document_for_user,
    match_upload,
    public_record,
)
from chancery.signing.queries.validation import validate

__all__ = [
    "AppearanceKind",
    "BatchItem",
    "BatchOutcome",
    "Certificate",
    "CertificateNotUsable",
    "CertificateRole",
    "ConcurrentSignature",
    "DocumentRevoked",
    "EncryptedPdf",
    "InvalidPdf",
    "IssuedStatus",
    "KeyLocked",
    "MalformedPdf",
    "NotAPdf",
    "NotAllowedToSign",
    "PadesLevel",
    "PinRefused",
    "SignedDocument",
    "SigningError",
    "SigningRequest",
    "TruncatedPdf",
    "WrongPin",
    "count_wrong_pin",
    "countersign",
    "documents_visible_to",
    "get_document_for_user",
    "match_upload",
    "public_record",
    "revoke_document",
    "sign_batch",
    "sign_document",
    "start_batch",
    "timestamp_document",
    "validate",
    "watermarked_copy",
]

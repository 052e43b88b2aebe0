"""Signing documents: the first signature, countersignatures, archive timestamps, revocation.

Every function here is called by views, the API, the CLI and jobs alike. Signing is CPU work
done outside any transaction; storing the result, the version row, the signature row and the
audit entry happen together in one short transaction afterwards, so a document is either
signed completely or left untouched. Callers must not hold a transaction of their own: a
wrong PIN must still count towards the lockout (see ``actions.keys``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyhanko.sign.signers import Signer

from chancery.blobs import service as blobs
from chancery.core.service import Clearance, User, record_audit, require
from chancery.signing.actions.keys import unlock_for_signing
from chancery.signing.codes import new_code
from chancery.signing.constants import IssuedStatus, PadesLevel
from chancery.signing.exceptions import DocumentRevoked, SigningError
from chancery.signing.models import Certificate, Signature, SignedDocument, SignedVersion
from chancery.signing.pdf.engine import (
    SigningContext,
    add_document_timestamp,
    next_field_name,
    sign_pdf,
)
from chancery.signing.pdf.inspect import inspect_pdf
from chancery.signing.queries import pki
from chancery.signing.queries.appearance import appearance_for, default_kind
from chancery.signing.queries.documents import unit_name


class ConcurrentSignature(SigningError):
    code = "concurrent-signature"
    status = 409
    message = _(
        "Someone else signed this document a moment ago. Open it again and sign the new version."
    )


@dataclass(frozen=True)
class SigningRequest:
    """What the issuer says about a document being signed for the first time."""

    document_type: str
    issuer_unit_id: int
    level: str = PadesLevel.B_LTA
    # None: the seal for a seal certificate, the handwritten signature for a personal one.
    appearance: str | None = None
    public_title: str = ""
    public_number: str = ""
    issued_on: dt.date | None = None
    classification: int = Clearance.UNCLASSIFIED
    source: str = ""
    filename: str = "document.pdf"
    reason: str = ""
    location: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def signing_context(signer: Signer, level: str) -> SigningContext:
    """The timestamper and validation material that ``level`` needs, and nothing more."""
    timestamper = pki.timestamper() if level != PadesLevel.B_B else None
    validation = None
    if level in (PadesLevel.B_LT, PadesLevel.B_LTA):
        # The signer's certificate gets an OCSP answer in the DSS besides the CRLs.
        own = [signer.signing_cert] if signer.signing_cert is not None else []
        validation = pki.validation_context(for_signing=True, extra_certs=own)
    return SigningContext(signer=signer, timestamper=timestamper, validation_context=validation)


def _store_version(
    actor: User | None, document: SignedDocument, revision: int, data: bytes
) -> SignedVersion:
    blob = blobs.store(
        io.BytesIO(data),
        filename=document.filename or "document.pdf",
        actor=actor,
        classification=document.classification,
        owner=blobs.Owner.of(document, version=revision),
        declared_type="application/pdf",
        allowed_types=[blobs.FileType.PDF],
    )
    document.blob = blob
    return SignedVersion(
        document=document,
        revision=revision,
        blob=blob,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def sign_with(
    actor: User, signer: Signer, certificate: Certificate, pdf: bytes, request: SigningRequest
) -> SignedDocument:
    """Sign ``pdf`` with an unlocked ``signer`` and record it as a new signed document.

    Who may call: the actions of this module (and batches) after ``unlock_for_signing``.
    Refuses invalid PDFs (``InvalidPdf``) before anything is stored.
    """
    # Reading the fields first refuses an invalid PDF (``InvalidPdf``) before any other work.
    field_name = next_field_name(pdf, "Signature")
    code = new_code()
    kind = request.appearance or default_kind(certificate)
    appearance = appearance_for(
        certificate,
        document_type=request.document_type,
        kind=kind,
        organisation=unit_name(request.issuer_unit_id),
        verification_code=code,
    )
    # To the second: the time printed in the appearance and embedded in the signature.
    signed_at = timezone.now().replace(microsecond=0)
    signed = sign_pdf(
        pdf,
        context=signing_context(signer, request.level),
        level=PadesLevel(request.level),
        field_name=field_name,
        appearance=appearance,
        reason=request.reason,
        location=request.location,
        signing_time=signed_at,
    )
    with transaction.atomic():
        document = SignedDocument(
            verification_code=code,
            issuer_unit_id=request.issuer_unit_id,
            document_type=request.document_type,
            public_title=request.public_title,
            public_number=request.public_number,
            issued_on=request.issued_on or timezone.localdate(),
            classification=request.classification,
            source=request.source,
            filename=request.filename[:200],
            created_by=actor,
        )
        version = _store_version(actor, document, 1, signed)
        document.save()
        document.assigned_units.add(request.issuer_unit_id)
        version.save()
        _record_signature(
            actor, document, version, certificate, field_name, request.level, kind, signed_at
        )
        record_audit(
            actor,
            "signing.sign",
            document,
            data={
                "certificate": certificate.fingerprint,
                "level": request.level,
                "sha256": version.sha256,
                "verification_code": code,
                "source": request.source,
            },
        )
    return document


def _record_signature(
    actor: User,
    document: SignedDocument,
    version: SignedVersion,
    certificate: Certificate,
    field_name: str,
    level: str,
    kind: str,
    signed_at: dt.datetime,
) -> None:
    Signature.objects.create(
        document=document,
        version=version,
        certificate=certificate,
        signer=actor,
        field_name=field_name,
        level=level,
        appearance=kind,
        signed_at=signed_at,
    )
    document.distribution.add(actor)


def sign_document(
    actor: User, *, pdf: bytes, certificate: Certificate, pin: str, request: SigningRequest
) -> SignedDocument:
    """Sign a new document with ``certificate`` unlocked by ``pin``.

    Who may: the certificate's holder (personal) or a clerk of the seal's unit (seal).
    Refuses: invalid PDFs, wrong PINs (counted), locked keys, unusable certificates,
    an unreachable TSA or revocation service; in every case nothing is stored.
    """
    inspect_pdf(pdf)
    with unlock_for_signing(actor, certificate, pin) as signer:
        return sign_with(actor, signer, certificate, pdf, request)


def _latest(document: SignedDocument) -> SignedVersion:
    return document.versions.order_by("-revision").select_related("blob").first()  # type: ignore[return-value]


def _read(version: SignedVersion, actor: User | None) -> bytes:
    with blobs.open_blob(version.blob.address, actor=actor) as reader:
        return reader.read()


def _commit_revision(
    actor: User, document: SignedDocument, base: SignedVersion, data: bytes
) -> tuple[SignedDocument, SignedVersion]:
    locked = SignedDocument.objects.select_for_update().get(pk=document.pk)
    latest = locked.versions.aggregate(top=Max("revision"))["top"]
    if latest != base.revision:
        raise ConcurrentSignature()
    if locked.status != IssuedStatus.VALID:
        raise DocumentRevoked()
    version = _store_version(actor, locked, base.revision + 1, data)
    version.save()
    locked.save(update_fields=["blob"])
    return locked, version


def countersign_with(
    actor: User,
    signer: Signer,
    certificate: Certificate,
    document: SignedDocument,
    *,
    level: str = PadesLevel.B_LTA,
    appearance: str | None = None,
    reason: str = "",
) -> SignedDocument:
    """Add a signature to ``document`` as an incremental update (earlier ones stay valid)."""
    require(actor, "countersign", document)
    base = _latest(document)
    data = _read(base, actor)
    kind = appearance or default_kind(certificate)
    spec = appearance_for(
        certificate,
        document_type=document.document_type,
        kind=kind,
        organisation=unit_name(document.issuer_unit_id),
        verification_code=document.verification_code,
    )
    signed_at = timezone.now().replace(microsecond=0)
    field_name = next_field_name(data, "Signature")
    signed = sign_pdf(
        data,
        context=signing_context(signer, level),
        level=PadesLevel(level),
        field_name=field_name,
        appearance=spec,
        reason=reason,
        signing_time=signed_at,
    )
    with transaction.atomic():
        locked, version = _commit_revision(actor, document, base, signed)
        _record_signature(actor, locked, version, certificate, field_name, level, kind, signed_at)
        record_audit(
            actor,
            "signing.countersign",
            locked,
            data={"certificate": certificate.fingerprint, "level": level, "sha256": version.sha256},
        )
    return locked


def countersign(
    actor: User,
    document: SignedDocument,
    *,
    certificate: Certificate,
    pin: str,
    level: str = PadesLevel.B_LTA,
    appearance: str | None = None,
    reason: str = "",
) -> SignedDocument:
    """Countersign ``document`` with ``certificate`` unlocked by ``pin``.

    Who may: anyone who can see a valid document, with a certificate they may use.
    Refuses: revoked documents, a concurrent signature (``ConcurrentSignature``: sign again),
    and everything ``sign_document`` refuses.
    """
    require(actor, "countersign", document)
    with unlock_for_signing(actor, certificate, pin) as signer:
        return countersign_with(
            actor,
            signer,
            certificate,
            document,
            level=level,
            appearance=appearance,
            reason=reason,
        )


def timestamp_document(actor: User, document: SignedDocument) -> SignedDocument:
    """Add an archive (document) timestamp, refreshing long-term validation material.

    Who may: the creator, the issuing unit or an administrator; refuses revoked documents.
    Run before the TSA certificate of the last timestamp expires (PAdES B-LTA renewal).
    """
    require(actor, "timestamp", document)
    base = _latest(document)
    data = _read(base, actor)
    stamped = add_document_timestamp(
        data,
        timestamper=pki.timestamper(),
        validation_context=pki.validation_context(for_signing=True),
    )
    with transaction.atomic():
        locked, version = _commit_revision(actor, document, base, stamped)
        record_audit(actor, "signing.timestamp", locked, data={"sha256": version.sha256})
    return locked


def revoke_document(actor: User, document: SignedDocument, reason: str) -> SignedDocument:
    """Declare an issued document revoked; the public page says so with ``reason``.

    Who may: see ``policies.may_revoke``. Refuses an empty reason (``ValueError``) and a
    document already revoked (404, like any refusal).
    """
    reason = reason.strip()
    if not reason:
        raise ValueError(_("Give the reason for revoking the document."))
    require(actor, "revoke", document)
    with transaction.atomic():
        locked = SignedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status == IssuedStatus.REVOKED:
            raise DocumentRevoked()
        locked.status = IssuedStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor
        locked.revocation_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        record_audit(actor, "signing.revoke_document", locked, data={"reason": reason})
    return locked


__all__ = [
    "ConcurrentSignature",
    "SigningRequest",
    "countersign",
    "countersign_with",
    "revoke_document",
    "sign_document",
    "sign_with",
    "signing_context",
    "timestamp_document",
]

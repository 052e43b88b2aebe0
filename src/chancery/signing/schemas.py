"""Shapes of the signing API."""

# No ``from __future__ import annotations``: Ninja and pydantic read these at run time.

from datetime import date, datetime
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from chancery.signing.constants import PadesLevel
from chancery.signing.models import Signature, SignedDocument, SigningBatch


class CertificateOut(Schema):
    fingerprint: str
    common_name: str
    role: str
    status: str
    not_before: datetime
    not_after: datetime
    key_storage: str
    locked_until: datetime | None


class SignatureOut(Schema):
    field_name: str
    signer: str
    certificate: str = Field(description="SHA-256 fingerprint of the signing certificate.")
    level: str
    appearance: str
    signed_at: datetime

    @staticmethod
    def resolve_signer(obj: Signature) -> str:
        return obj.certificate.common_name

    @staticmethod
    def resolve_certificate(obj: Signature) -> str:
        return obj.certificate.fingerprint


class SignedDocumentOut(Schema):
    id: UUID
    verification_code: str
    verification_url: str
    issuer_unit: str
    document_type: str
    public_title: str
    public_number: str
    issued_on: date | None
    classification: int
    status: str
    revoked_at: datetime | None
    revocation_reason: str
    sha256: str = Field(description="SHA-256 of the latest signed revision.")
    revisions: int
    signatures: list[SignatureOut]
    created_at: datetime

    @staticmethod
    def resolve_verification_url(obj: SignedDocument) -> str:
        from chancery.signing.queries.appearance import verification_url

        return verification_url(obj.verification_code)

    @staticmethod
    def resolve_issuer_unit(obj: SignedDocument) -> str:
        return str(obj.issuer_unit.code)

    # ``versions`` is prefetched in revision order by ``queries.documents``.
    @staticmethod
    def resolve_sha256(obj: SignedDocument) -> str:
        versions = list(obj.versions.all())
        return versions[-1].sha256 if versions else ""

    @staticmethod
    def resolve_revisions(obj: SignedDocument) -> int:
        return len(obj.versions.all())

    @staticmethod
    def resolve_signatures(obj: SignedDocument) -> list[Any]:
        return list(obj.signatures.all())


class SignForm(Schema):
    certificate: str = Field(description="Fingerprint of the certificate to sign with.")
    pin: str = Field(min_length=1, max_length=128)
    document_type: str = Field("document", max_length=40)
    issuer_unit: str | None = Field(None, description="Unit code; default: your unit.")
    level: PadesLevel = PadesLevel.B_LTA
    appearance: str | None = Field(None, description="seal, personal, initials or invisible.")
    public_title: str = Field("", max_length=300)
    public_number: str = Field("", max_length=60)
    issued_on: date | None = None
    classification: int = Field(0, ge=0, le=3)
    source: str = Field("", max_length=120)
    reason: str = Field("", max_length=200)


class CountersignIn(Schema):
    certificate: str
    pin: str = Field(min_length=1, max_length=128)
    level: PadesLevel = PadesLevel.B_LTA
    appearance: str | None = None
    reason: str = Field("", max_length=200)


class RevokeIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class BatchOut(Schema):
    id: UUID
    status: str
    level: str
    total: int
    signed: int
    failed: int
    progress_url: str | None
    items: list[dict[str, Any]]

    @staticmethod
    def resolve_total(obj: SigningBatch) -> int:
        return obj.items.count()

    @staticmethod
    def resolve_signed(obj: SigningBatch) -> int:
        return obj.items.filter(done_at__isnull=False).count()

    @staticmethod
    def resolve_failed(obj: SigningBatch) -> int:
        return obj.items.exclude(error="").count()

    @staticmethod
    def resolve_progress_url(obj: SigningBatch) -> str | None:
        from django.urls import reverse

        return reverse("core:job-progress", args=[obj.job_id]) if obj.job_id else None

    @staticmethod
    def resolve_items(obj: SigningBatch) -> list[dict[str, Any]]:
        return [
            {
                "position": item.position,
                "document": str(item.document_id) if item.document_id else None,
                "signed": item.done_at is not None,
                "error": item.error,
            }
            for item in obj.items.order_by("position")
        ]


class PublicSignatureOut(Schema):
    signer: str
    signed_at: datetime
    level: str


class PublicRecordOut(Schema):
    code: str
    issuer: str
    status: str
    revoked_at: datetime | None
    revocation_reason: str
    withheld: bool = Field(description="True for classified documents: details are not public.")
    document_type: str
    number: str
    title: str
    issued_on: date | None
    signatures: list[PublicSignatureOut]

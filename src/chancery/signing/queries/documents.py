"""Reading signed documents: for staff through the access model, for the public by code."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from typing import TypedDict

from django.db.models import Prefetch

from chancery.core.service import GuardedQuerySet, Unit, User, get_visible_or_404
from chancery.signing.codes import normalise
from chancery.signing.constants import IssuedStatus
from chancery.signing.models import Signature, SignedDocument, SignedVersion


def unit_name(unit_id: int) -> str:
    """The Vietnamese name of a unit, as appearances print it."""
    return str(Unit.objects.values_list("name_vi", flat=True).get(pk=unit_id))


def _with_relations() -> GuardedQuerySet[SignedDocument]:
    return SignedDocument.objects.select_related("issuer_unit", "created_by").prefetch_related(
        Prefetch(
            "signatures",
            queryset=Signature.objects.select_related("certificate", "signer"),
        ),
        Prefetch("versions", queryset=SignedVersion.objects.order_by("revision")),
    )


def documents_visible_to(user: User) -> GuardedQuerySet[SignedDocument]:
    """Signed documents ``user`` may see, newest first, with issuer and signatures loaded."""
    return _with_relations().visible_to(user)


def get_document_for_user(user: User, document_id: uuid.UUID | str) -> SignedDocument:
    """The document if ``user`` may see it, else 404 (existence never leaks)."""
    return get_visible_or_404(_with_relations(), user, pk=document_id)


@dataclass(frozen=True)
class PublicSignature:
    signer: str
    signed_at: dt.datetime
    level: str


@dataclass(frozen=True)
class PublicRecord:
    """What ``/verify/<code>`` may show. Classified documents show issuer and status only."""

    code: str
    issuer: str
    status: str
    revoked_at: dt.datetime | None
    revocation_reason: str
    withheld: bool
    document_type: str = ""
    number: str = ""
    title: str = ""
    issued_on: dt.date | None = None
    signatures: tuple[PublicSignature, ...] = ()

    @property
    def is_revoked(self) -> bool:
        return self.status == IssuedStatus.REVOKED


class _PublicBase(TypedDict):
    """The fields every public record shows, classified or not."""

    code: str
    issuer: str
    status: str
    revoked_at: dt.datetime | None
    revocation_reason: str


def public_record(code: str) -> PublicRecord | None:
    """The public face of the document with verification ``code``; ``None`` if unknown.

    No access check: this is the public page's query, and it returns public fields only.
    """
    canonical = normalise(code)
    if canonical is None:
        return None
    document = (
        SignedDocument.objects.select_related("issuer_unit")
        .filter(verification_code=canonical)
        .first()
    )
    if document is None:
        return None
    base: _PublicBase = {
        "code": document.verification_code,
        "issuer": document.issuer_unit.name,
        "status": document.status,
        "revoked_at": document.revoked_at,
        "revocation_reason": document.revocation_reason if not document.is_classified else "",
    }
    if document.is_classified:
        return PublicRecord(**base, withheld=True)
    signatures = tuple(
        PublicSignature(
            signer=signature.certificate.common_name,
            signed_at=signature.signed_at,
            level=signature.level,
        )
        for signature in document.signatures.select_related("certificate").order_by("signed_at")
    )
    return PublicRecord(
        **base,
        withheld=False,
        document_type=document.document_type,
        number=document.public_number,
        title=document.public_title,
        issued_on=document.issued_on,
        signatures=signatures,
    )


@dataclass(frozen=True)
class UploadMatch:
    """How an uploaded file compares with what was issued under a code."""

    exact: bool  # byte for byte the latest issued revision
    earlier_revision: bool  # an earlier revision (a later signature or timestamp was added)
    sha256: str


def match_upload(code: str, data: bytes) -> UploadMatch | None:
    """Compare ``data`` with the revisions issued under ``code``; ``None`` for an unknown code."""
    canonical = normalise(code)
    if canonical is None:
        return None
    document = SignedDocument.objects.filter(verification_code=canonical).first()
    if document is None:
        return None
    digest = hashlib.sha256(data).hexdigest()
    revisions = list(
        SignedVersion.objects.filter(document=document)
        .order_by("revision")
        .values_list("sha256", flat=True)
    )
    return UploadMatch(
        exact=bool(revisions) and revisions[-1] == digest,
        earlier_revision=digest in revisions[:-1],
        sha256=digest,
    )


__all__ = [
    "PublicRecord",
    "PublicSignature",
    "UploadMatch",
    "documents_visible_to",
    "get_document_for_user",
    "match_upload",
    "public_record",
    "unit_name",
]

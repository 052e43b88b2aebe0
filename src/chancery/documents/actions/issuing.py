"""Issuing an approved outgoing document: the number is allocated at the moment of signing.

One transaction holds it all: the register row is locked and its next number taken, the
number/symbol goes into the signature (``public_number``, printed in the appearance and shown
by the public verification page), the signer's signature and the unit's seal are applied, the
signed PDF is stored as the document's issued file, and one dispatch job per recipient is
deferred. If anything fails (a wrong PIN, an unreachable timestamp authority), everything
rolls back: the number goes back to the register, no signed document remains, no job runs.

Wrong PINs and the lockout: a wrong PIN inside the transaction is counted again after the
rollback (``signing.service.count_wrong_pin`` says how): one wrong PIN, one counted failure,
and no way to guess PINs through issuing without the lockout.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Clearance, User, can, record_audit
from chancery.documents.actions.drafting import final_signer, latest_version
from chancery.documents.actions.numbering import allocate_number, compose_number_symbol
from chancery.documents.constants import Direction, FileRole, Status
from chancery.documents.exceptions import DocumentError, NotAllowed, WrongState
from chancery.documents.models import Document, DocumentFile
from chancery.signing import service as signing


class SigningFailed(DocumentError):
    """The signature or seal could not be applied; the message is the signing service's."""

    code = "signing-failed"
    status = 422


def signing_level() -> str:
    return str(
        getattr(settings, "CHANCERY_DOCUMENTS_SIGNING_LEVEL", "") or signing.PadesLevel.B_LTA
    )


def _read(document: Document, file: DocumentFile, actor: User) -> bytes:
    with blobs.open_blob(file.blob.address, actor=actor) as reader:
        return reader.read()


def _request(document: Document, number_symbol: str, level: str) -> signing.SigningRequest:
    unclassified = document.classification == Clearance.UNCLASSIFIED
    return signing.SigningRequest(
        document_type=document.document_type.code,
        issuer_unit_id=document.unit_id,
        level=level,
        public_number=number_symbol,
        public_title=document.subject[:200] if unclassified else "",
        issued_on=timezone.localdate(),
        classification=document.classification,
        source=f"documents:{document.pk}",
        filename=f"{number_symbol.replace('/', '-')}.pdf",
        reason=str(_("Issuing")),
    )


def _check(user: User, document: Document) -> None:
    if document.direction != Direction.OUTGOING or not can(user, "view", document):
        raise NotAllowed()
    signer = final_signer(document)
    if signer is None or signer.pk != user.pk:
        raise NotAllowed(_("Only the last approver of the chain signs and issues the document."))
    if document.status != Status.APPROVED:
        raise WrongState(_("Only an approved document can be issued."))


def issue_document(
    user: User,
    document: Document,
    *,
    certificate: signing.Certificate,
    pin: str,
    seal_certificate: signing.Certificate | None = None,
    seal_pin: str | None = None,
    level: str | None = None,
) -> Document:
    """Number, sign (then seal, if a seal certificate is given) and issue ``document``, then
    defer its dispatch to every recipient.

    Who may: the last approver of the chain (the leader, or the unit head when the chain has
    no leader), once the document is approved. Refuses anyone else (``NotAllowed``), other
    states (``WrongState``), and every refusal of the signing service (``SigningFailed``,
    with the service's message: wrong PIN, locked key, unusable certificate...). Must not be
    called inside a transaction of the caller's (see the module docstring). A failure
    consumes no number.
    """
    _check(user, document)
    level = level or signing_level()
    draft = latest_version(document)
    if draft is None or draft.pdf is None:
        raise WrongState(_("The approved version has no PDF to sign."))
    pdf = _read(document, draft.pdf, user)
    try:
        return _issue(user, document, pdf, certificate, pin, seal_certificate, seal_pin, level)
    except signing.PinRefused as refused:
        signing.count_wrong_pin(
            user,
            pdf,
            refused.certificate,
            refused.pin,
            document_type=document.document_type.code,
            issuer_unit_id=document.unit_id,
        )
        raise SigningFailed(refused.error.message) from None
    except signing.SigningError as exc:
        raise SigningFailed(exc.message) from exc


def _issue(
    user: User,
    document: Document,
    pdf: bytes,
    certificate: signing.Certificate,
    pin: str,
    seal_certificate: signing.Certificate | None,
    seal_pin: str | None,
    level: str,
) -> Document:
    from chancery.documents.tasks.drafting import dispatch_recipient

    with transaction.atomic():
        locked = (
            Document.objects.select_for_update()
            .select_related("document_type", "unit")
            .get(pk=document.pk)
        )
        _check(user, locked)
        register, number = allocate_number(locked.unit, Direction.OUTGOING)
        number_symbol = compose_number_symbol(number, locked.document_type, locked.unit)
        try:
            signed = signing.sign_document(
                user,
                pdf=pdf,
                certificate=certificate,
                pin=pin,
                request=_request(locked, number_symbol, level),
            )
        except signing.WrongPin as exc:
            raise signing.PinRefused(certificate, pin, exc) from None
        if seal_certificate is not None:
            try:
                signed = signing.countersign(
                    user, signed, certificate=seal_certificate, pin=seal_pin or "", level=level
                )
            except signing.WrongPin as exc:
                raise signing.PinRefused(seal_certificate, seal_pin or "", exc) from None
        issued = _store_issued(user, locked, signed)
        now = timezone.now()
        Document.objects.filter(pk=locked.pk).update(
            status=Status.ISSUED,
            register=register,
            number=number,
            number_symbol=number_symbol,
            document_date=timezone.localdate(now),
            issued_at=now,
            signed_document=signed,
            signer_name=str(user),
            version=F("version") + 1,
            updated_at=now,
        )
        recipients = list(locked.recipients.values_list("pk", flat=True))
        for recipient_id in recipients:
            dispatch_recipient.defer(recipient_id=recipient_id)
        record_audit(
            user,
            "documents.issued",
            locked,
            data={
                "number": number,
                "number_symbol": number_symbol,
                "register": register.pk,
                "sha256": issued.sha256,
                "verification_code": signed.verification_code,
                "sealed": seal_certificate is not None,
                "recipients": len(recipients),
            },
        )
    locked.refresh_from_db()
    return locked


def _store_issued(user: User, document: Document, signed: signing.SignedDocument) -> DocumentFile:
    """The signed PDF as the document's issued file: the signing service's blob, shared."""
    with blobs.open_blob(signed.blob.address, actor=user) as reader:
        data = reader.read()
    issued = DocumentFile.objects.create(
        document=document,
        blob=signed.blob,
        role=FileRole.ISSUED,
        filename=signed.filename,
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
        page_count=None,
    )
    blobs.attach(signed.blob.address, blobs.Owner.of(issued), actor=user, label="issued")
    return issued

"""Importing received edXML envelopes as incoming documents, and exporting issued documents
as envelopes (to a file now; through the national data-exchange platform later)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Role, can, record_audit
from chancery.documents.constants import (
    Direction,
    EdxmlMessageType,
    EdxmlStatus,
    FileRole,
    Status,
    Urgency,
)
from chancery.documents.edxml.envelope import (
    Attachment,
    Envelope,
    EnvelopeInvalid,
    Organisation,
    StatusMessage,
    Trace,
    build_envelope,
    build_status,
    parse_envelope,
)
from chancery.documents.exceptions import BadFile, DuplicateDocument, NotAllowed, WrongState
from chancery.documents.models import Document, DocumentFile, DocumentType, ExchangeMessage

if TYPE_CHECKING:
    from chancery.core.service import User


ENVELOPE_MEMBER = "envelope.edxml"


def envelope_bytes(message: ExchangeMessage, *, actor: User | None) -> bytes:
    """The envelope of a logged message, as it was sent or received."""
    with blobs.open_blob(message.envelope.address, actor=actor) as reader:
        packed = reader.read()
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        return archive.read(ENVELOPE_MEMBER)


@dataclass(frozen=True)
class Imported:
    document: Document
    status_reply: bytes


def organisation_code() -> str:
    return str(settings.CHANCERY_DOCUMENTS_ORGANISATION_CODE)


def _log(
    document: Document | None,
    *,
    outgoing: bool,
    message_type: str,
    status: str,
    sender: str,
    receiver: str,
    data: bytes,
    actor: User | None,
) -> ExchangeMessage:
    # The log row exists before its envelope blob, which is bound to it as owner.
    message = ExchangeMessage(
        document=document,
        outgoing=outgoing,
        message_type=message_type,
        status=status,
        from_code=sender[:40],
        to_code=receiver[:40],
    )
    # The blob store refuses XML outright (active content in browsers): the envelope is kept
    # inside a one-member ZIP, byte for byte.
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(ENVELOPE_MEMBER, data)
    message.envelope = blobs.store(
        io.BytesIO(packed.getvalue()),
        filename=f"edxml-{message.pk}.zip",
        actor=actor,
        owner=blobs.Owner.of(message),
        declared_type="application/zip",
        allowed_types={blobs.FileType.ZIP},
    )
    message.save()
    return message


def _document_type(envelope: Envelope) -> DocumentType:
    name = envelope.document_type_name.strip()
    found = DocumentType.objects.filter(name_vi__iexact=name).first() if name else None
    return found or DocumentType.objects.get(code="cong-van")


def import_envelope(actor: User, data: bytes) -> Imported:
    """Register a received envelope as an incoming document (status "received") with its
    files, and answer with a "received" status message.

    Who: clerks, into their own unit's register queue. Refuses (and writes nothing) a
    malformed envelope, one not addressed to this organisation, one already imported, and
    attachments the blob store refuses.
    """
    if not actor.has_role(Role.CLERK) or actor.unit_id is None:
        raise NotAllowed(_("Only clerks receive documents."))
    envelope = parse_envelope(data)
    ours = organisation_code()
    if ours not in {receiver.code for receiver in envelope.receivers}:
        raise EnvelopeInvalid(
            _("This envelope is not addressed to us (%(code)s).") % {"code": ours}
        )
    if envelope.message_type != "new":
        raise WrongState(
            _("Only new documents can be imported; this is a %(kind)s.")
            % {"kind": envelope.message_type}
        )
    number_symbol = "/".join(
        part for part in (envelope.code_number, envelope.code_notation) if part
    )
    with transaction.atomic():
        if Document.objects.filter(
            direction=Direction.INCOMING,
            sender_code=envelope.sender.code,
            number_symbol=number_symbol,
            document_date=envelope.promulgation_date,
        ).exists():
            raise DuplicateDocument
        document = Document.objects.create(
            direction=Direction.INCOMING,
            status=Status.RECEIVED,
            unit_id=actor.unit_id,
            document_type=_document_type(envelope),
            number_symbol=number_symbol[:80],
            subject=envelope.subject,
            document_date=envelope.promulgation_date,
            urgency=min(max(envelope.priority, Urgency.NORMAL), Urgency.FLASH),
            sender_name=envelope.sender.name[:255],
            sender_code=envelope.sender.code,
            signer_name=envelope.signer_name[:255],
            received_at=timezone.now(),
            due_date=envelope.response_date,
            created_by=actor,
        )
        for index, attachment in enumerate(envelope.attachments):
            try:
                blob = blobs.store(
                    io.BytesIO(attachment.data),
                    filename=attachment.name,
                    actor=actor,
                    owner=blobs.Owner.of(document),
                    declared_type=attachment.content_type,
                )
            except blobs.UploadRefused as exc:
                raise BadFile(
                    _("The attachment %(name)s was refused: %(reason)s")
                    % {"name": attachment.name, "reason": exc}
                ) from exc
            DocumentFile.objects.create(
                document=document,
                blob=blob,
                role=FileRole.MAIN if index == 0 else FileRole.ATTACHMENT,
                filename=attachment.name[:255],
                content_type=attachment.content_type[:120],
                size=len(attachment.data),
                sha256=hashlib.sha256(attachment.data).hexdigest(),
                uploaded_by=actor,
            )
        _log(
            document,
            outgoing=False,
            message_type=envelope.message_type,
            status="",
            sender=envelope.sender.code,
            receiver=ours,
            data=data,
            actor=actor,
        )
        reply = build_status(
            StatusMessage(
                status=EdxmlStatus.RECEIVED,
                sender=Organisation(ours, ""),
                response_for_organisation=envelope.sender.code,
                response_for_code=number_symbol,
                response_for_document_id=envelope.document_id,
                response_for_date=envelope.promulgation_date,
                timestamp=timezone.localtime().replace(tzinfo=None),
                staff=actor.get_full_name(),
            )
        )
        _log(
            document,
            outgoing=True,
            message_type=envelope.message_type,
            status=EdxmlStatus.RECEIVED,
            sender=ours,
            receiver=envelope.sender.code,
            data=reply,
            actor=actor,
        )
        record_audit(
            actor,
            "documents.edxml_imported",
            document,
            data={"sender": envelope.sender.code, "files": len(envelope.attachments)},
        )
    return Imported(document=document, status_reply=reply)


def _number_parts(document: Document) -> tuple[str, str]:
    number, _sep, notation = document.number_symbol.partition("/")
    if not re.fullmatch(r"\d+", number):
        return "", document.number_symbol
    return number, notation


def document_envelope(document: Document, receivers: list[str], *, actor: User | None) -> bytes:
    """The edXML envelope of an issued document for ``receivers`` (organisation codes), with
    its issued files (or its main files) attached. Callers have checked the right to send it;
    ``actor`` is ``None`` for the dispatch job."""
    files = list(document.files.select_related("blob").order_by("created_at"))
    issued = [f for f in files if f.role == FileRole.ISSUED] or [
        f for f in files if f.role in (FileRole.MAIN, FileRole.ATTACHMENT)
    ]
    attachments = []
    for document_file in issued:
        with blobs.open_blob(document_file.blob.address, actor=actor) as reader:
            attachments.append(
                Attachment(document_file.filename, document_file.content_type, reader.read())
            )
    number, notation = _number_parts(document)
    ours = organisation_code()
    moment = document.issued_at or timezone.now()
    envelope = Envelope(
        sender=Organisation(ours, document.unit.name),
        receivers=[Organisation(code) for code in receivers],
        code_number=number,
        code_notation=notation,
        subject=document.subject,
        promulgation_date=document.document_date or timezone.localdate(moment),
        place=str(getattr(settings, "CHANCERY_DOCUMENTS_PLACE", "Hà Nội")),
        document_type_name=document.document_type.name_vi,
        signer_name=document.signer_name,
        priority=document.urgency,
        response_date=document.due_date,
        traces=[Trace(ours, timezone.localtime().replace(tzinfo=None))],
        attachments=attachments,
    )
    return build_envelope(envelope)


def export_document(actor: User, document: Document, *, to: list[str]) -> bytes:
    """The edXML envelope of an issued outgoing document addressed to the ``to`` codes.

    Who: clerks of the holding unit and archivists. Refuses a document not issued, a
    classified one (the national platform carries unclassified documents only) and an empty
    list of receivers. Each export is logged (``ExchangeMessage``) and audited.
    """
    allowed = can(actor, "view", document) and (
        actor.has_role(Role.ARCHIVIST)
        or (actor.has_role(Role.CLERK) and actor.unit_id == document.unit_id)
    )
    if not allowed:
        raise NotAllowed
    if document.direction != Direction.OUTGOING or document.status != Status.ISSUED:
        raise WrongState(_("Only issued documents can be sent."))
    if document.classification:
        raise WrongState(_("Classified documents are never sent through edXML."))
    receivers = [code.strip() for code in to if code.strip()]
    if not receivers:
        raise WrongState(_("Give at least one receiving organisation code."))
    data = document_envelope(document, receivers, actor=actor)
    with transaction.atomic():
        for code in receivers:
            _log(
                document,
                outgoing=True,
                message_type=EdxmlMessageType.NEW,
                status="",
                sender=organisation_code(),
                receiver=code,
                data=data,
                actor=actor,
            )
        record_audit(actor, "documents.edxml_exported", document, data={"to": receivers})
    return data

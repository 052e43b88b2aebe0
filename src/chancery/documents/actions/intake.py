"""Receiving documents: upload (intake), registration in the incoming register, return.

A clerk uploads the files of a received document; one text-extraction job per file is deferred
in the same transaction. Once the text is in, the registration form is pre-filled from it; the
clerk confirms and registers: the next number of the unit's incoming register for the year,
the deadline from the urgency, and the acknowledgement of receipt, all in one transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import (
    Clearance,
    Role,
    Unit,
    User,
    add_working_days,
    calendar_for_unit,
    can,
    notify,
    record_audit,
)
from chancery.documents.actions.common import add_file, lock_document
from chancery.documents.actions.numbering import allocate_number
from chancery.documents.constants import (
    DEFAULT_DEADLINE_DAYS,
    Direction,
    FileRole,
    Status,
    Urgency,
)
from chancery.documents.exceptions import BadFile, NotAllowed, WrongState
from chancery.documents.extraction.mail import parse_email
from chancery.documents.models import Document, DocumentFile, DocumentType

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What a clerk may upload as a received document.
INTAKE_TYPES = frozenset(
    {
        blobs.FileType.PDF,
        blobs.FileType.DOCX,
        blobs.FileType.ODT,
        blobs.FileType.PNG,
        blobs.FileType.JPEG,
        blobs.FileType.TIFF,
        blobs.FileType.EML,
    }
)
# Attachments of e-mails may also be plain text or spreadsheets.
ATTACHMENT_TYPES = INTAKE_TYPES | {
    blobs.FileType.TEXT,
    blobs.FileType.XLSX,
    blobs.FileType.ODS,
    blobs.FileType.PPTX,
    blobs.FileType.ODP,
}
MAX_FILES = 20


@dataclass(frozen=True)
class Upload:
    """One uploaded file, read into memory (the upload limit keeps it bounded)."""

    filename: str
    data: bytes
    content_type: str | None = None


@dataclass(frozen=True)
class Registration:
    """What the clerk confirms on the registration form."""

    document_type: DocumentType
    subject: str
    sender_name: str = ""
    number_symbol: str = ""
    document_date: dt.date | None = None
    urgency: int = Urgency.NORMAL
    sender_unit: Unit | None = None
    signer_name: str = ""
    due_date: dt.date | None = None


def _is_clerk(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.CLERK) and user.unit_id is not None


def _add_file(
    user: User,
    document: Document,
    upload: Upload,
    *,
    role: str,
    parent: DocumentFile | None = None,
    allowed: frozenset[blobs.FileType] = INTAKE_TYPES,
) -> DocumentFile:
    try:
        return add_file(
            user,
            document,
            upload.data,
            filename=upload.filename,
            role=role,
            declared_type=upload.content_type,
            allowed_types=allowed,
            parent=parent,
        )
    except blobs.UploadRefused as exc:
        raise BadFile(f"{upload.filename}: {exc}") from exc


def _email_parts(user: User, document: Document, eml: DocumentFile, data: bytes) -> list[str]:
    """Store the attachments of an e-mail as files of the document; returns the names of
    attachments refused by the blob store (programs, unknown types), which are skipped."""
    skipped: list[str] = []
    try:
        message = parse_email(data)
    except Exception:
        return skipped
    for attachment in message.attachments:
        upload = Upload(attachment.filename, attachment.data, attachment.content_type)
        try:
            _add_file(
                user, document, upload, role=FileRole.ATTACHMENT, parent=eml,
                allowed=ATTACHMENT_TYPES,
            )  # fmt: skip
        except BadFile:
            skipped.append(attachment.filename)
    return skipped


def receive(
    user: User, uploads: list[Upload], *, classification: int = Clearance.UNCLASSIFIED
) -> Document:
    """Create a received document in the clerk's unit with ``uploads`` (the first is the main
    document, the others attachments; an e-mail's attachments become files of their own).

    Who may: clerks with a unit. Refuses: no file or too many (``BadFile``), a classification
    above the clerk's clearance (``NotAllowed``), a file the blob store refuses (``BadFile``,
    with the reason), a file above the upload limit.
    """
    unit = user.unit if _is_clerk(user) else None
    if unit is None:
        raise NotAllowed(_("Only clerks of a unit register incoming documents."))
    if not uploads:
        raise BadFile(_("Choose at least one file."))
    if len(uploads) > MAX_FILES:
        raise BadFile(_("At most %(count)s files at a time.") % {"count": MAX_FILES})
    if classification not in Clearance.values or classification > user.clearance:
        raise NotAllowed(_("You cannot classify a document above your own clearance."))
    limit = settings.CHANCERY_UPLOAD_MAX_BYTES
    for upload in uploads:
        if len(upload.data) > limit:
            raise BadFile(
                _("%(name)s is larger than the limit of %(limit)s MB.")
                % {"name": upload.filename, "limit": limit // (1024 * 1024)}
            )
        if not upload.data:
            raise BadFile(_("%(name)s is empty.") % {"name": upload.filename})
    from chancery.documents.tasks.intake import extract_text

    with transaction.atomic():
        document = Document.objects.create(
            id=uuid.uuid4(),
            direction=Direction.INCOMING,
            status=Status.RECEIVED,
            unit=unit,
            document_type=DocumentType.objects.get(code="cong-van"),
            subject=PurePath(uploads[0].filename).stem[:200],
            classification=classification,
            received_at=timezone.now(),
            created_by=user,
        )
        skipped: list[str] = []
        for index, upload in enumerate(uploads):
            role = FileRole.MAIN if index == 0 else FileRole.ATTACHMENT
            added = _add_file(user, document, upload, role=role)
            if added.content_type == blobs.MIME_TYPES[blobs.FileType.EML]:
                skipped += _email_parts(user, document, added, upload.data)
        files = list(document.files.all())
        record_audit(
            user,
            "documents.receive",
            document,
            data={"files": [f.sha256 for f in files], "skipped": skipped},
        )
        for document_file in files:
            extract_text.defer(file_id=str(document_file.pk))
    return document


def deadline_for(unit: Unit, urgency: int, start: dt.date | None = None) -> dt.date:
    """The default deadline: working days (by urgency) from ``start`` on the unit's calendar."""
    days_by_urgency = {**DEFAULT_DEADLINE_DAYS}
    days_by_urgency.update(
        {int(k): int(v) for k, v in getattr(settings, "CHANCERY_DOCUMENTS_DEADLINES", {}).items()}
    )
    days = days_by_urgency.get(int(urgency), days_by_urgency[Urgency.NORMAL])
    return add_working_days(start or timezone.localdate(), days, calendar_for_unit(unit))


def _locked(user: User, document: Document, version: int, *, states: tuple[str, ...]) -> Document:
    locked = lock_document(document, version)
    if not can(user, "register", locked):
        raise NotAllowed(_("Only clerks of the holding unit may do this."))
    if locked.status not in states:
        raise WrongState
    return locked


def _notify_sender_clerks(document: Document, title: StrOrPromise, body: StrOrPromise) -> None:
    if document.sender_unit_id is None:
        return
    clerks = User.objects.filter(
        unit_id=document.sender_unit_id, roles__contains=[Role.CLERK.value], is_active=True
    )
    for clerk in clerks:
        notify(clerk, "documents.receipt", title, body)


def register_incoming(user: User, document: Document, data: Registration, version: int) -> Document:
    """Register a received document: next number of the unit's incoming register for the year,
    the confirmed metadata, the deadline (``data.due_date`` or the default for the urgency), and
    the acknowledgement of receipt the same day (the sending unit's clerks are told when it is
    another Chancery unit).

    Who may: clerks of the holding unit. Refuses: others (``NotAllowed``), a stale version
    (``StaleVersion``), a document not waiting for registration (``WrongState``), an empty
    abstract (``BadFile``).
    """
    if not data.subject.strip():
        raise BadFile(_("Write the abstract of the document."))
    with transaction.atomic():
        locked = _locked(user, document, version, states=(Status.RECEIVED,))
        register, number = allocate_number(locked.unit, Direction.INCOMING)
        now = timezone.now()
        locked.register, locked.number = register, number
        locked.document_type = data.document_type
        locked.subject = data.subject.strip()
        locked.sender_name = data.sender_name.strip()
        locked.sender_unit = data.sender_unit
        locked.number_symbol = data.number_symbol.strip()
        locked.document_date = data.document_date
        locked.signer_name = data.signer_name.strip()
        locked.urgency = data.urgency
        locked.due_date = data.due_date or deadline_for(locked.unit, data.urgency)
        locked.status = Status.REGISTERED
        locked.registered_at = locked.acknowledged_at = now
        locked.registered_by = user
        locked.version = F("version") + 1
        locked.save(
            update_fields=[
                "register", "number", "document_type", "subject", "sender_name", "sender_unit",
                "number_symbol", "document_date", "signer_name", "urgency", "due_date", "status",
                "registered_at", "acknowledged_at", "registered_by", "version", "updated_at",
            ]
        )  # fmt: skip
        locked.refresh_from_db(fields=["version"])
        record_audit(
            user,
            "documents.register",
            locked,
            data={"register": register.pk, "number": number, "due_date": str(locked.due_date)},
        )
        record_audit(
            user, "documents.acknowledge", locked, data={"sender_unit": locked.sender_unit_id}
        )
        _notify_sender_clerks(
            locked,
            _("Receipt acknowledged"),
            _("%(unit)s registered your document %(symbol)s as incoming no. %(number)s.")
            % {"unit": locked.unit.name, "symbol": locked.number_symbol or "–", "number": number},
        )
    return locked


def return_to_sender(user: User, document: Document, reason: str, version: int) -> Document:
    """Return a received document to its sender (an invalid signature, a wrong addressee),
    with the reason; the sending unit's clerks are told when it is another Chancery unit.

    Who may: clerks of the holding unit. Refuses: others (``NotAllowed``), no reason
    (``BadFile``), a stale version, a document already handled, returned or withdrawn.
    """
    if not reason.strip():
        raise BadFile(_("Say why the document is returned."))
    with transaction.atomic():
        locked = _locked(user, document, version, states=(Status.RECEIVED, Status.REGISTERED))
        locked.status = Status.RETURNED
        locked.returned_reason = reason.strip()[:2000]
        locked.version = F("version") + 1
        locked.save(update_fields=["status", "returned_reason", "version", "updated_at"])
        locked.refresh_from_db(fields=["version"])
        record_audit(user, "documents.return", locked, data={"reason": locked.returned_reason})
        _notify_sender_clerks(
            locked,
            _("A document was returned to your unit"),
            _("%(unit)s returned your document %(symbol)s. Open it to see the reason.")
            % {"unit": locked.unit.name, "symbol": locked.number_symbol or "–"},
        )
    return locked

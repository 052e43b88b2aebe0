"""Records management: declaring records, legal holds, disposition (destroy or transfer) and
declassification.

A *record* is a document whose business is over and whose content is fixed: once declared,
every write action of the other areas calls :func:`ensure_not_record` first and refuses. Only
the records actions here still touch it (hold, disposition, declassification), always audited.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Role, can, notify, record_audit
from chancery.documents.actions.common import lock_document
from chancery.documents.constants import DeclassificationStatus, RecordStatus, Status
from chancery.documents.exceptions import (
    DocumentError,
    NotAllowed,
    WrongState,
)
from chancery.documents.models import (
    Declassification,
    Disposition,
    Document,
    DocumentFile,
    FilePlanCategory,
)

if TYPE_CHECKING:
    from chancery.core.service import User

# A document may be declared a record once its business is over.
CLOSED_STATUSES = (Status.COMPLETED, Status.ISSUED, Status.RETURNED, Status.WITHDRAWN)
# Records of permanent value go to the historical archives this many years after the end of
# their business (Law on Archives 2011, art. 21: "within 10 years").
TRANSFER_AFTER_YEARS = 10


class LegalHoldActive(DocumentError):
    code = "legal-hold"
    message = _("A document of this batch is under legal hold: it cannot be disposed of.")
    status = 409


class SameApprover(DocumentError):
    code = "same-approver"
    message = _("Another person must decide: you made this proposal or request.")
    status = 403


def _require_archivist(user: User, document: Document) -> None:
    if not can(user, "manage_records", document):
        raise NotAllowed(_("Only archivists manage records."))


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def business_ended_on(document: Document) -> dt.date:
    """The day the document's business ended: completion, issue, or else registration."""
    moment = document.completed_at or document.issued_at or document.registered_at
    return timezone.localdate(moment) if moment else timezone.localdate()


def retain_until(category: FilePlanCategory, ended: dt.date) -> dt.date:
    """When the record leaves our custody: destroyed after its retention, or, if permanent,
    transferred to the historical archives ``TRANSFER_AFTER_YEARS`` years after its end."""
    years = category.retention_years
    return _add_years(ended, TRANSFER_AFTER_YEARS if years is None else years)


def declare_record(
    actor: User, document: Document, *, category: FilePlanCategory, version: int | None = None
) -> Document:
    """Declare ``document`` a record filed under ``category``; from then on it is immutable.

    Who: archivists (``manage_records``). Refuses a document still being handled or drafted,
    one already a record, an inactive category, and a stale ``version``.
    """
    _require_archivist(actor, document)
    if not category.active:
        raise WrongState(_("This file plan category is no longer in use."))
    with transaction.atomic():
        locked = lock_document(document, version, writable=False)
        if locked.is_record:
            raise WrongState(_("This document is already a record."))
        if locked.status not in CLOSED_STATUSES:
            raise WrongState(_("Only a document whose business is over can become a record."))
        locked.record_status = RecordStatus.RECORD
        locked.file_plan = category
        locked.declared_at = timezone.now()
        locked.retain_until = retain_until(category, business_ended_on(locked))
        locked.version = F("version") + 1
        locked.save(
            update_fields=["record_status", "file_plan", "declared_at", "retain_until", "version"]
        )
        record_audit(
            actor,
            "documents.record_declared",
            locked,
            data={"category": category.code, "retain_until": locked.retain_until.isoformat()},
        )
    locked.refresh_from_db()
    return locked


def set_legal_hold(
    actor: User, document: Document, *, hold: bool, reason: str, version: int | None = None
) -> Document:
    """Put ``document`` under legal hold (or release it), with the reason, audited.

    Who: archivists. A held document is never proposed for disposition and a disposition that
    contains one cannot be approved. Refuses an empty reason, a destroyed document, no change.
    """
    _require_archivist(actor, document)
    reason = reason.strip()
    if not reason:
        raise DocumentError(_("Give the reason for the legal hold."))
    with transaction.atomic():
        locked = lock_document(document, version, writable=False)
        if locked.record_status == RecordStatus.DESTROYED:
            raise WrongState(_("This record was destroyed."))
        if locked.legal_hold == hold:
            raise WrongState(_("Nothing to change."))
        locked.legal_hold = hold
        locked.version = F("version") + 1
        locked.save(update_fields=["legal_hold", "version"])
        record_audit(
            actor,
            "documents.legal_hold_on" if hold else "documents.legal_hold_off",
            locked,
            data={"reason": reason},
        )
    locked.refresh_from_db()
    return locked


def due_for_disposition(today: dt.date | None = None) -> QuerySet[Document]:
    """Records whose retention has passed, not on hold, not already in a proposal."""
    today = today or timezone.localdate()
    return Document.objects.filter(
        record_status=RecordStatus.RECORD, legal_hold=False, retain_until__lt=today
    )


def propose_disposition(
    actor: User | None,
    documents: Iterable[Document],
    *,
    action: str | None = None,
    note: str = "",
) -> Disposition:
    """Propose a batch of due records for disposition; the system (``actor=None``) or an
    archivist proposes. ``action`` defaults to transfer for permanent records and destroy for
    the others (a batch is one or the other: a mixed batch needs an explicit ``action``).

    Refuses documents not due (not a record, retention not passed, on hold), an empty batch.
    """
    documents = list(documents)
    if not documents:
        raise DocumentError(_("Choose at least one record."))
    for document in documents:
        if actor is not None:
            _require_archivist(actor, document)
    with transaction.atomic():
        due = set(
            due_for_disposition()
            .select_for_update()
            .filter(pk__in=[d.pk for d in documents])
            .values_list("pk", flat=True)
        )
        if len(due) != len(documents):
            raise WrongState(_("Only records past their retention and not on hold can go."))
        locked = list(
            Document.objects.select_related("file_plan").filter(pk__in=due).order_by("pk")
        )
        if action is None:
            kinds = {d.file_plan is not None and d.file_plan.is_permanent for d in locked}
            if len(kinds) != 1:
                raise DocumentError(_("Choose whether to destroy or transfer this batch."))
            action = Disposition.Action.TRANSFER if kinds.pop() else Disposition.Action.DESTROY
        if action not in Disposition.Action.values:
            raise DocumentError(_("Unknown disposition."))
        disposition = Disposition.objects.create(action=action, proposed_by=actor, note=note)
        disposition.documents.set(locked)
        Document.objects.filter(pk__in=due).update(
            record_status=RecordStatus.PENDING_DISPOSITION, version=F("version") + 1
        )
        for document in locked:
            record_audit(
                actor,
                "documents.disposition_proposed",
                document,
                data={"disposition": str(disposition.pk), "action": action},
            )
    return disposition


def decide_disposition(
    actor: User, disposition: Disposition, *, approve: bool, note: str = ""
) -> Disposition:
    """Approve (and carry out) or reject a proposed disposition.

    Who: an archivist who may see every document of the batch and who did not propose it.
    Refuses a decided batch, one with a document on legal hold (on approval). Approval
    destroys (files detached from the blob store, a metadata tombstone kept) or transfers
    (an archive package built, stored and attached to the disposition) in one transaction.
    """
    with transaction.atomic():
        locked = Disposition.objects.select_for_update().get(pk=disposition.pk)
        documents = list(
            Document.objects.select_for_update()
            .filter(pk__in=locked.documents.values("pk"))
            .order_by("pk")
        )
        for document in documents:
            _require_archivist(actor, document)
        if locked.state != Disposition.State.PROPOSED:
            raise WrongState(_("This disposition was already decided."))
        if locked.proposed_by_id == actor.pk:
            raise SameApprover
        now = timezone.now()
        locked.decided_by = actor
        locked.decided_at = now
        if note:
            locked.note = f"{locked.note}\n{note}".strip()
        if not approve:
            locked.state = Disposition.State.REJECTED
            locked.save(update_fields=["decided_by", "decided_at", "note", "state"])
            Document.objects.filter(pk__in=[d.pk for d in documents]).update(
                record_status=RecordStatus.RECORD, version=F("version") + 1
            )
            for document in documents:
                record_audit(actor, "documents.disposition_rejected", document)
            return locked
        if any(document.legal_hold for document in documents):
            raise LegalHoldActive
        if locked.action == Disposition.Action.DESTROY:
            for document in documents:
                _destroy(actor, document, locked)
        else:
            _transfer(actor, documents, locked)
        locked.state = Disposition.State.DONE
        locked.save(update_fields=["decided_by", "decided_at", "note", "state", "package"])
    return locked


def _destroy(actor: User, document: Document, disposition: Disposition) -> None:
    """Delete the files (rows, and the blob references so that garbage collection removes the
    content), blank the extracted text; keep the metadata row as the destruction tombstone."""
    files = list(document.files.order_by("created_at"))
    listed = [{"name": f.filename, "sha256": f.sha256, "size": f.size} for f in files]
    owner_versions = set(
        blobs.BlobRef.objects.filter(
            owner_type=Document._meta.label_lower, owner_id=str(document.pk)
        ).values_list("owner_version", flat=True)
    )
    DocumentFile.objects.filter(document=document, parent__isnull=False).delete()
    DocumentFile.objects.filter(document=document).delete()
    for version in owner_versions:
        blobs.detach(blobs.Owner.of(document, version=version), actor=actor)
    Document.objects.filter(pk=document.pk).update(
        record_status=RecordStatus.DESTROYED,
        content_text="",
        search_vector=None,
        version=F("version") + 1,
    )
    record_audit(
        actor,
        "documents.record_destroyed",
        document,
        data={"disposition": str(disposition.pk), "files": listed},
    )


def _transfer(actor: User, documents: list[Document], disposition: Disposition) -> None:
    from chancery.documents.archive.package import build_package

    data = build_package(actor, documents)
    level = max((d.classification for d in documents), default=0)
    disposition.package = blobs.store(
        io.BytesIO(data),
        filename=f"archive-{disposition.pk}.zip",
        actor=actor,
        classification=level,
        owner=blobs.Owner.of(disposition),
        declared_type="application/zip",
        allowed_types={blobs.FileType.ZIP},
    )
    Document.objects.filter(pk__in=[d.pk for d in documents]).update(
        record_status=RecordStatus.TRANSFERRED, version=F("version") + 1
    )
    for document in documents:
        record_audit(
            actor,
            "documents.record_transferred",
            document,
            data={"disposition": str(disposition.pk), "package": disposition.package.address},
        )


# Declassification ------------------------------------------------------------------------


def may_request_declassification(user: User, document: Document) -> bool:
    return (
        user.has_role(Role.ARCHIVIST)
        or user.has_role(Role.LEADER)
        or document.created_by_id == user.pk
        or (user.has_role(Role.UNIT_HEAD) and user.unit_id == document.unit_id)
    )


def request_declassification(
    actor: User, document: Document, *, to_level: int, reason: str
) -> Declassification:
    """Ask to downgrade ``document`` to ``to_level`` (0: declassify), with the reason.

    Who: archivists, ministry leaders, the holding unit's head and the document's creator.
    Refuses an unclassified document, a level not below the current one, an empty reason and
    a second open request.
    """
    if not can(actor, "view", document) or not may_request_declassification(actor, document):
        raise NotAllowed
    reason = reason.strip()
    if not reason:
        raise DocumentError(_("Give the reason for the declassification."))
    with transaction.atomic():
        locked = lock_document(document, None, writable=False)
        if not 0 <= to_level < locked.classification:
            raise WrongState(_("Choose a level below the current classification."))
        if locked.declassifications.filter(status=DeclassificationStatus.REQUESTED).exists():
            raise WrongState(_("A declassification request is already open."))
        request = Declassification.objects.create(
            document=locked,
            from_level=locked.classification,
            to_level=to_level,
            reason=reason,
            requested_by=actor,
        )
        record_audit(
            actor,
            "documents.declassification_requested",
            locked,
            data={"from": locked.classification, "to": to_level},
        )
    return request


def decide_declassification(
    actor: User, request: Declassification, *, approve: bool, note: str = ""
) -> Declassification:
    """Approve or refuse a declassification request.

    Who: a ministry leader or archivist who may see the document and is not the requester.
    On approval the document takes the new level and every file is stored anew at that level
    (the blob store binds ciphertext to its level, so re-encryption is a new blob); the files
    point at the new blobs and the old ones are detached for garbage collection.
    """
    with transaction.atomic():
        locked_request = Declassification.objects.select_for_update().get(pk=request.pk)
        document = lock_document(locked_request.document, None, writable=False)
        if not can(actor, "view", document):
            raise NotAllowed
        if not (actor.has_role(Role.LEADER) or actor.has_role(Role.ARCHIVIST)):
            raise NotAllowed(_("Only ministry leaders and archivists decide declassification."))
        if locked_request.status != DeclassificationStatus.REQUESTED:
            raise WrongState(_("This request was already decided."))
        if locked_request.requested_by_id == actor.pk:
            raise SameApprover
        if document.classification != locked_request.from_level:
            raise WrongState(_("The classification changed since the request."))
        locked_request.decided_by = actor
        locked_request.decided_at = timezone.now()
        locked_request.decision_note = note
        locked_request.status = (
            DeclassificationStatus.APPROVED if approve else DeclassificationStatus.REFUSED
        )
        locked_request.save(update_fields=["decided_by", "decided_at", "decision_note", "status"])
        if approve:
            _reclassify(actor, document, locked_request.to_level)
        record_audit(
            actor,
            "documents.declassification_approved"
            if approve
            else "documents.declassification_refused",
            document,
            data={"from": locked_request.from_level, "to": locked_request.to_level},
        )
        notify(
            locked_request.requested_by,
            "documents.declassification",
            str(_("Your declassification request was decided")),
            "",
            f"/documents/{document.pk}/",
        )
    return locked_request


def _reclassify(actor: User, document: Document, level: int) -> None:
    owner = blobs.Owner.of(document)
    for document_file in document.files.select_related("blob"):
        old = document_file.blob
        with blobs.open_blob(old.address, actor=actor) as reader:
            plaintext = reader.read()
        new = blobs.store(
            io.BytesIO(plaintext),
            filename=document_file.filename,
            actor=actor,
            classification=level,
            owner=owner,
            declared_type=document_file.content_type,
        )
        document_file.blob = new
        document_file.save(update_fields=["blob"])
        if new.address != old.address:
            blobs.detach(owner, actor=actor, address=old.address)
    document.classification = level
    if level == 0:
        document.protection_ends = None
    document.version = F("version") + 1
    document.save(update_fields=["classification", "protection_ends", "version"])


def review_due(today: dt.date | None = None) -> QuerySet[Document]:
    """Classified documents whose protection period has passed, without an open request."""
    today = today or timezone.localdate()
    return Document.objects.filter(classification__gt=0, protection_ends__lt=today).exclude(
        declassifications__status=DeclassificationStatus.REQUESTED
    )

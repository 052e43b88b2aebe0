"""Composing a cable: start a draft, change it, attach files, cancel it.

Every action takes the acting user, locks the cable's row, checks the version the user saw,
writes the cable's history (``CableEvent``) and the audit chain in the same transaction, and
keeps the cable's distribution in step (``access.sync_access``).
"""

from __future__ import annotations

import hashlib
import io
import uuid
from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chancery.blobs import service as blobs
from chancery.core.service import Clearance, User, can, record_audit
from chancery.documents.cables.access import sync_access
from chancery.documents.cables.actions.common import (
    bump,
    check_markings,
    lock_cable,
    originating_post,
)
from chancery.documents.cables.actions.content import (
    DraftContent,
    check_levels,
    check_references,
    replace_addressees,
    replace_paragraphs,
    valid_tags,
)
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.events import record_event
from chancery.documents.cables.exceptions import NotAllowed, WrongState
from chancery.documents.cables.policies import OPEN
from chancery.documents.models import Cable, CableAttachment, PrecedenceLevel


def create_draft(
    user: User,
    *,
    subject: str,
    precedence: PrecedenceLevel,
    classification: int = Clearance.UNCLASSIFIED,
    content: DraftContent | None = None,
) -> Cable:
    """Start a cable drafted by ``user`` in their unit, sent from their post (their mission,
    or headquarters).

    Who may: any active member of staff with a unit. Refuses staff without a unit
    (``NotAllowed``), and everything ``update_draft`` refuses about ``content``.
    """
    post = originating_post(user)
    if not user.is_active or user.unit_id is None or post is None:
        raise NotAllowed(_("Only staff of a unit or mission draft cables."))
    check_levels(user, DraftContent(classification=classification, precedence=precedence), Cable())
    with transaction.atomic():
        cable = Cable.objects.create(
            post=post,
            drafting_unit_id=user.unit_id,
            subject=subject.strip(),
            precedence=precedence,
            classification=classification,
            created_by=user,
            drafted_by_name=str(user),
        )
        sync_access(cable)
        record_event(cable, user, "drafted")
        record_audit(user, "cables.drafted", cable, data={"post": post.code})
        if content is not None and any(v is not None for v in vars(content).values()):
            content.subject = None
            _apply(user, cable, content)
    cable.refresh_from_db()
    return cable


def update_draft(user: User, cable: Cable, content: DraftContent, *, version: int) -> Cable:
    """Change a draft: subject, precedence, classification, compartments, captions, tags,
    paragraphs (replaced, numbered 1..n), addressees and references.

    Who may: the drafter, while it is a draft. Refuses others (``NotAllowed``), other states
    (``WrongState``), a stale ``version`` (``StaleVersion``), tags outside the active taxonomy
    (``UnknownTag``), an overall level below a paragraph's marking (``MarkingTooLow``), levels
    above the drafter's clearance or compartments they lack (``NotAllowed``), references they
    may not read (``UnknownReference``).
    """
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if not can(user, "edit", locked):
            if locked.status != CableStatus.DRAFT and locked.created_by_id == user.pk:
                raise WrongState(_("Only a draft can be changed."))
            raise NotAllowed
        _apply(user, locked, content)
    locked.refresh_from_db()
    return locked


def _apply(user: User, cable: Cable, content: DraftContent) -> None:
    check_levels(user, content, cable)
    check_references(user, content, cable)
    changes: dict[str, object] = {}
    if content.subject is not None:
        changes["subject"] = content.subject.strip()
    if content.precedence is not None:
        changes["precedence"] = content.precedence
    if content.classification is not None:
        changes["classification"] = content.classification
    if content.tags is not None:
        changes["tags"] = valid_tags(content.tags)
    if content.paragraphs is not None:
        replace_paragraphs(cable, content.paragraphs)
    check_markings(cable, changes.get("classification", cable.classification))  # type: ignore[arg-type]
    reclassified = changes.get("classification", cable.classification) != cable.classification
    if content.compartments is not None:
        cable.compartments.set(content.compartments)
    if content.captions is not None:
        cable.captions.set(content.captions)
    if content.references is not None:
        cable.references.set(content.references)
    if content.document_references is not None:
        cable.document_references.set(content.document_references)
    replace_addressees(cable, content)
    bump(cable, **changes)
    if reclassified:
        _restore_attachments(user, cable)
    parts = [name for name, value in vars(content).items() if value is not None]
    record_event(cable, user, "edited", parts=sorted(parts))
    record_audit(
        user, "cables.edited", cable, data={"parts": sorted(parts), "level": cable.classification}
    )


def _restore_attachments(user: User, cable: Cable) -> None:
    """Store the attachments again at the cable's new level (encrypted for it)."""
    for attachment in CableAttachment.objects.filter(cable=cable).select_related("blob"):
        with blobs.open_blob(attachment.blob.address, actor=user) as reader:
            data = reader.read()
        attachment.blob = _store(user, cable, attachment.pk, data, attachment.filename)
        attachment.save(update_fields=["blob"])


def _store(
    user: User, cable: Cable, attachment_id: uuid.UUID, data: bytes, name: str
) -> blobs.Blob:
    return blobs.store(
        io.BytesIO(data),
        filename=name,
        actor=user,
        classification=cable.classification,
        owner=blobs.Owner("documents.cableattachment", str(attachment_id)),
    )


def add_attachment(
    user: User, cable: Cable, data: bytes, *, filename: str, version: int
) -> CableAttachment:
    """Attach a file to a draft, stored at the cable's level (encrypted when classified).

    Who may: the drafter, while it is a draft. Refuses as ``update_draft`` does; the blob
    store's refusals (``blobs.UploadRefused``: type, size, executable) pass through.
    """
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if not can(user, "edit", locked):
            raise NotAllowed
        attachment_id = uuid.uuid4()
        name = PurePath(filename).name[:255] or "file"
        blob = _store(user, locked, attachment_id, data, name)
        attachment = CableAttachment.objects.create(
            id=attachment_id,
            cable=locked,
            blob=blob,
            filename=name,
            content_type=blob.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=user,
        )
        bump(locked)
        record_event(locked, user, "attached", filename=name)
        record_audit(user, "cables.attached", locked, data={"sha256": attachment.sha256})
    return attachment


def remove_attachment(
    user: User, cable: Cable, attachment_id: uuid.UUID | str, *, version: int
) -> None:
    """Remove a file from a draft. Who may: the drafter, while it is a draft."""
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if not can(user, "edit", locked):
            raise NotAllowed
        attachment = CableAttachment.objects.filter(cable=locked, pk=attachment_id).first()
        if attachment is None:
            raise NotAllowed
        attachment.delete()
        bump(locked)
        record_event(locked, user, "detached", filename=attachment.filename)
        record_audit(user, "cables.detached", locked, data={"sha256": attachment.sha256})


def cancel(user: User, cable: Cable, *, version: int, reason: str = "") -> Cable:
    """Cancel a cable that is not released. Who may: the drafter. Refuses others
    (``NotAllowed``) and released or cancelled cables (``WrongState``)."""
    with transaction.atomic():
        locked = lock_cable(cable, version)
        if locked.created_by_id != user.pk or not can(user, "view", locked):
            raise NotAllowed
        if locked.status not in OPEN:
            raise WrongState(_("A released or cancelled cable cannot be cancelled."))
        bump(locked, status=CableStatus.CANCELLED)
        record_event(locked, user, "cancelled", reason=reason)
        record_audit(user, "cables.cancelled", locked, data={"reason": reason})
    return locked

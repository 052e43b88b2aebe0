"""What every documents action shares: locking a document row, bumping its version, refusing
changes to records, and who is told about a unit's work."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Collection
from pathlib import PurePath

from django.db.models import F, QuerySet
from django.urls import reverse

from chancery.blobs import service as blobs
from chancery.core.service import Role, User
from chancery.documents.exceptions import RecordImmutable, StaleVersion
from chancery.documents.models import Document, DocumentFile


def ensure_not_record(document: Document) -> None:
    """Refuse any change to a declared record (``RecordImmutable``): write actions call it
    on the locked row before changing a document or its files."""
    if document.is_record:
        raise RecordImmutable


def lock_document(document: Document, version: int | None, *, writable: bool = True) -> Document:
    """The document's row, locked until the transaction ends. ``StaleVersion`` if ``version``
    is given and no longer current; ``RecordImmutable`` for a record unless the action is one
    of records management (``writable=False``)."""
    locked = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if version is not None and locked.version != version:
        raise StaleVersion
    if writable:
        ensure_not_record(locked)
    return locked


def bump(document: Document, **changes: object) -> None:
    """Save ``changes`` to a locked document and increase its version."""
    for name, value in changes.items():
        setattr(document, name, value)
    document.version = F("version") + 1
    document.save(update_fields=[*changes, "version", "updated_at"])
    document.refresh_from_db(fields=["version"])


def unit_heads(unit_id: int) -> QuerySet[User]:
    """The active unit heads of a unit (who is told about work for the unit)."""
    return User.objects.filter(unit_id=unit_id, is_active=True, roles__contains=[Role.UNIT_HEAD])


def document_url(document: Document) -> str:
    return reverse("documents:detail", args=[document.pk])


def add_file(
    user: User,
    document: Document,
    data: bytes,
    *,
    filename: str,
    role: str,
    declared_type: str | None = None,
    allowed_types: Collection[blobs.FileType] = blobs.DEFAULT_ALLOWED_TYPES,
    parent: DocumentFile | None = None,
    bind_to_file: bool = False,
) -> DocumentFile:
    """Store ``data`` at the document's classification (encrypted if classified) and add it
    to the document. ``sha256`` is the plaintext's: a classified blob's address is the digest
    of its ciphertext. The blob belongs to the document, or to the file row itself with
    ``bind_to_file``. The blob store's refusals (``blobs.UploadRefused``) pass through."""
    file_id = uuid.uuid4()
    owner = (
        blobs.Owner("documents.documentfile", str(file_id))
        if bind_to_file
        else blobs.Owner.of(document)
    )
    blob = blobs.store(
        io.BytesIO(data),
        filename=filename,
        actor=user,
        classification=document.classification,
        owner=owner,
        allowed_types=allowed_types,
        declared_type=declared_type or None,
    )
    return DocumentFile.objects.create(
        id=file_id,
        document=document,
        blob=blob,
        role=role,
        filename=PurePath(filename).name[:255] or "file",
        content_type=blob.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        parent=parent,
        uploaded_by=user,
    )

"""Storing an upload: check it while it streams in, encrypt it if classified, store it once."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Collection, Iterator
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.db import transaction

from chancery.blobs.actions.common import lock_address, refuse_classified_on_internet
from chancery.blobs.actions.refs import add_ref
from chancery.blobs.backends import get_backend
from chancery.blobs.constants import DEFAULT_ALLOWED_TYPES, MIME_TYPES, FileType
from chancery.blobs.detection import detect
from chancery.blobs.envelope import sealed
from chancery.blobs.exceptions import InsufficientClearance
from chancery.blobs.models import Blob
from chancery.blobs.spooling import Spooled, spool_upload
from chancery.blobs.streams import Readable
from chancery.blobs.values import Owner
from chancery.core.service import Clearance, User, record_audit


def store(
    stream: Readable,
    *,
    filename: str,
    actor: User | None,
    classification: int = Clearance.UNCLASSIFIED,
    owner: Owner | None = None,
    label: str | None = None,
    allowed_types: Collection[FileType] = DEFAULT_ALLOWED_TYPES,
    declared_type: str | None = None,
    max_bytes: int | None = None,
) -> Blob:
    """Store the content of ``stream`` and return its :class:`Blob`; attach it to ``owner``.

    Who may call: any app, on behalf of ``actor`` (``None`` only for system jobs). The caller
    has already decided that the actor may add a file to ``owner``.

    The upload is read once, in chunks; it is refused (:class:`UploadRefused` subclasses) as
    soon as it passes ``max_bytes`` (never above ``CHANCERY_UPLOAD_MAX_BYTES``), if it is a
    program or script, if its content contradicts ``filename`` or ``declared_type``, or if its
    type is not in ``allowed_types``. Classified content (level >= Confidential) needs an
    ``owner`` (the ciphertext is bound to it), is refused on the internet profile and above the
    actor's clearance, is envelope-encrypted and is audited. Unclassified content is
    deduplicated: identical bytes are stored once and share one row.
    """
    level = Clearance(classification)
    refuse_classified_on_internet(level)
    if level and owner is None:
        raise ValueError("Classified content must be stored for an owner: it is bound to it")
    if level and actor is not None and actor.clearance < level:
        raise InsufficientClearance
    limit = settings.CHANCERY_UPLOAD_MAX_BYTES
    limit = min(limit, max_bytes) if max_bytes is not None else limit
    with spool_upload(stream, limit) as upload:
        file_type = detect(
            upload.file,
            upload.head,
            filename=filename,
            declared_type=declared_type,
            allowed=allowed_types,
        )
        blob = Blob(
            id=uuid.uuid4(),
            size=upload.size,
            content_type=MIME_TYPES[file_type],
            file_type=file_type,
            classification=level,
            created_by=actor if actor is not None and actor.pk else None,
        )
        if owner is not None and level:
            blob.aad_object_type, blob.aad_object_id = owner.type, owner.id
            blob.aad_object_version = owner.version
        with _stored_form(blob, upload) as source:
            ref_label = PurePath(filename or "").name if label is None else label
            return _persist(blob, source, owner, ref_label[:255], actor)


@contextlib.contextmanager
def _stored_form(blob: Blob, upload: Spooled) -> Iterator[IO[bytes]]:
    """The bytes the backend will hold: the upload itself, or its ciphertext if classified."""
    if not blob.classification:
        blob.address, blob.stored_size = upload.sha256, upload.size
        yield upload.file
        return
    with sealed(blob, upload.file) as ciphertext:
        yield ciphertext


def _persist(
    blob: Blob, source: IO[bytes], owner: Owner | None, label: str, actor: User | None
) -> Blob:
    backend = get_backend()
    # Uploading outside the transaction keeps slow transfers from holding locks; the fresh
    # object is safe from garbage collection for the grace period.
    backend.put(blob.address, source)
    with transaction.atomic():
        lock_address(blob.address)
        existing = Blob.objects.select_for_update().filter(address=blob.address).first()
        # Under the lock: the collector may have removed an old stray copy in between.
        if not backend.exists(blob.address):
            backend.put(blob.address, source)
        if existing is None:
            blob.save(force_insert=True)
        else:
            blob = existing
        if owner is not None:
            add_ref(blob, owner, label=label, actor=actor, new_blob=existing is None)
        if blob.classification:
            record_audit(
                actor,
                "blobs.stored",
                blob,
                data={"size": blob.size, "content_type": blob.content_type, "label": label},
            )
    return blob

"""Every read of the blobs app: permission-checked, audited for classified content."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from chancery.blobs.backends import check_address, get_backend
from chancery.blobs.envelope import plaintext_of
from chancery.blobs.exceptions import BlobNotFound
from chancery.blobs.models import Blob, BlobRef
from chancery.blobs.streams import ChunkReader
from chancery.blobs.values import ManifestEntry, Owner
from chancery.core.service import Clearance, User, record_audit


class BlobReader(ChunkReader):
    """The content of one blob as a read-only file object, decrypted and verified as it streams.

    Corruption or tampering surfaces as ``BlobIntegrityError`` from ``read``/iteration, at the
    latest before the last chunk is handed out.
    """

    def __init__(self, blob: Blob, chunks: Iterator[bytes]) -> None:
        super().__init__(chunks)
        self.blob = blob
        self.address = blob.address
        self.size = blob.size
        self.content_type = blob.content_type
        self.classification = blob.classification


def get_blob(address: str, *, actor: User | None) -> Blob:
    """The blob's metadata if ``actor`` may read it; :class:`BlobNotFound` otherwise.

    Who may call: any app. Checks existence and clearance only; compartments and distribution
    belong to the owning object, which the caller must have checked already. ``actor=None``
    means the system (background jobs) and is never used for a person's request.
    """
    blob = Blob.objects.filter(address=check_address(address)).first()
    if blob is None or not _may_read(actor, blob):
        raise BlobNotFound
    return blob


def open_blob(address: str, *, actor: User | None) -> BlobReader:
    """A streaming reader over the blob's content (decrypted if classified).

    Who may call: any app, after checking the actor's right to the owning object. Refused with
    :class:`BlobNotFound` like :func:`get_blob`; classified blobs are refused on the internet
    profile, their key is unwrapped before this returns (``BlobTampered`` if the record was
    relabelled, moved or its key altered) and the read is written to the audit chain in the
    current transaction.
    """
    blob = get_blob(address, actor=actor)
    if not blob.classification:
        return BlobReader(blob, get_backend().open(blob.address))
    if settings.CHANCERY_PROFILE == "internet":
        raise BlobNotFound
    with transaction.atomic():
        plaintext = plaintext_of(blob, get_backend().open(blob.address))
        record_audit(actor, "blobs.read", blob, data={"size": blob.size})
    return BlobReader(blob, plaintext)


def refs_of(owner: Owner) -> QuerySet[BlobRef]:
    """The references ``owner`` holds, with their blobs (an app lists its object's files)."""
    return BlobRef.objects.filter(
        owner_type=owner.type, owner_id=owner.id, owner_version=owner.version
    ).select_related("blob")


def verify_all() -> Iterator[ManifestEntry]:
    """Re-read every stored blob and yield what the backend really holds (for backups).

    Who may call: backup and monitoring jobs. Reads the stored bytes (ciphertext for classified
    blobs: nothing is decrypted, nothing audited) and yields address, size and recomputed
    SHA-256; an entry whose ``sha256`` differs from its address is corrupted, an empty one is
    missing. One blob's failure never stops the walk.
    """
    backend = get_backend()
    rows = Blob.objects.order_by("address").values_list("address", "classification")
    for address, classification in rows.iterator(chunk_size=500):
        digest = hashlib.sha256()
        size = 0
        try:
            for chunk in backend.open_raw(address):
                digest.update(chunk)
                size += len(chunk)
        except BlobNotFound:
            yield ManifestEntry(address, 0, "", classification)
            continue
        yield ManifestEntry(address, size, digest.hexdigest(), classification)


def pending_rotation(level: int, version: int) -> int:
    """How many blobs of ``level`` still have their key wrapped by another KEK version."""
    return Blob.objects.filter(classification=level).exclude(key_version=version).count()


def _may_read(actor: User | None, blob: Blob) -> bool:
    if actor is None:
        return True
    if not actor.is_active:
        return False
    return blob.classification == Clearance.UNCLASSIFIED or actor.clearance >= blob.classification

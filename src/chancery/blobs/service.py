"""The only module of ``blobs`` that other apps import.

Store a file, attach it to the object it belongs to, read it back::

    from chancery.blobs import service as blobs

    blob = blobs.store(upload, filename=upload.name, declared_type=upload.content_type,
                       classification=doc.classification, owner=blobs.Owner.of(doc, version=2),
                       actor=request.user)
    with blobs.open_blob(blob.address, actor=request.user) as reader:
        return FileResponse(reader, content_type=reader.content_type)

Foreign keys to ``Blob`` are fine (``"blobs.Blob"``); keep a ``BlobRef`` (``attach``) as well,
or garbage collection will treat the blob as an orphan.
"""

from chancery.blobs.actions import attach, collect_garbage, detach, rotate_keys, store
from chancery.blobs.constants import DEFAULT_ALLOWED_TYPES, MIME_TYPES, FileType
from chancery.blobs.exceptions import (
    BackendError,
    BlobCorrupted,
    BlobError,
    BlobIntegrityError,
    BlobNotFound,
    BlobTampered,
    ClassifiedStorageRefused,
    ContentMismatch,
    ExecutableRefused,
    FileTooLarge,
    InsufficientClearance,
    KeyringError,
    TypeNotAllowed,
    UploadRefused,
)
from chancery.blobs.models import Blob, BlobRef
from chancery.blobs.queries import BlobReader, get_blob, open_blob, refs_of, verify_all
from chancery.blobs.values import ManifestEntry, Owner

__all__ = [
    "DEFAULT_ALLOWED_TYPES",
    "MIME_TYPES",
    "BackendError",
    "Blob",
    "BlobCorrupted",
    "BlobError",
    "BlobIntegrityError",
    "BlobNotFound",
    "BlobReader",
    "BlobRef",
    "BlobTampered",
    "ClassifiedStorageRefused",
    "ContentMismatch",
    "ExecutableRefused",
    "FileTooLarge",
    "FileType",
    "InsufficientClearance",
    "KeyringError",
    "ManifestEntry",
    "Owner",
    "TypeNotAllowed",
    "UploadRefused",
    "attach",
    "collect_garbage",
    "detach",
    "get_blob",
    "open_blob",
    "refs_of",
    "rotate_keys",
    "store",
    "verify_all",
]

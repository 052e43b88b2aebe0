"""Receiving an upload: read it once, in chunks, into a private spool, counting and hashing.

The spool lives in memory up to ``SPOOL_MEMORY_BYTES`` and then in an unnamed temporary file
(``CHANCERY_BLOB_SPOOL_DIR``) that disappears when closed or when the process dies. It is
needed because a ZIP-based document can only be told apart by its central directory, at the
end of the file, and because nothing may reach the store before every check has passed.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from chancery.blobs.constants import CHUNK_SIZE, SNIFF_BYTES, SPOOL_MEMORY_BYTES
from chancery.blobs.exceptions import FileTooLarge
from chancery.blobs.streams import Readable


@dataclass
class Spooled:
    file: IO[bytes]
    size: int
    sha256: str
    head: bytes


def new_spool() -> IO[bytes]:
    """A private scratch file; the caller closes it (``with new_spool() as spool``)."""
    return tempfile.SpooledTemporaryFile(
        max_size=SPOOL_MEMORY_BYTES, dir=settings.CHANCERY_BLOB_SPOOL_DIR
    )


@contextlib.contextmanager
def spool_upload(stream: Readable, limit: int) -> Iterator[Spooled]:
    """Copy ``stream`` into a spool; :class:`FileTooLarge` as soon as it passes ``limit``.

    Never reads more than ``limit + 1`` bytes from ``stream``, and refuses at once when the
    stream announces its size (``UploadedFile.size``) and that size is over the limit.
    """
    announced = getattr(stream, "size", None)
    if isinstance(announced, int) and announced > limit:
        raise FileTooLarge(limit=limit)
    digest = hashlib.sha256()
    head = bytearray()
    size = 0
    with new_spool() as spool:
        while chunk := stream.read(min(CHUNK_SIZE, limit + 1 - size)):
            size += len(chunk)
            if size > limit:
                raise FileTooLarge(limit=limit)
            digest.update(chunk)
            spool.write(chunk)
            if len(head) < SNIFF_BYTES:
                head += chunk[: SNIFF_BYTES - len(head)]
        spool.seek(0)
        yield Spooled(spool, size, digest.hexdigest(), bytes(head))

"""Streaming helpers: chunked reads, digest verification, a file object over chunks."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from typing_extensions import Buffer

from chancery.blobs.constants import CHUNK_SIZE


class Readable(Protocol):
    """Anything with ``read(n)``: an open file, ``UploadedFile``, ``BytesIO``, a socket file."""

    def read(self, size: int = ..., /) -> bytes: ...


def iter_chunks(source: Readable | IO[bytes], chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Read ``source`` to its end, ``chunk_size`` bytes at a time."""
    while chunk := source.read(chunk_size):
        yield chunk


def verified(
    chunks: Iterator[bytes], address: str, on_mismatch: Callable[[], Exception]
) -> Iterator[bytes]:
    """Pass ``chunks`` through, raising ``on_mismatch()`` if they do not hash to ``address``.

    The last chunk is held back until the digest is checked, so a consumer that writes what it
    receives never ends up with a complete copy of corrupted content.
    """
    digest = hashlib.sha256()
    pending: bytes | None = None
    for chunk in chunks:
        digest.update(chunk)
        if pending is not None:
            yield pending
        pending = chunk
    if digest.hexdigest() != address:
        raise on_mismatch()
    if pending is not None:
        yield pending


def hash_file(source: IO[bytes]) -> tuple[str, int]:
    """SHA-256 hex digest and size of a seekable file, read from its start."""
    source.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter_chunks(source):
        digest.update(chunk)
        size += len(chunk)
    source.seek(0)
    return digest.hexdigest(), size


class ChunkReader(io.RawIOBase):
    """A read-only file object over an iterator of chunks, for ``FileResponse`` and friends.

    Iterating it yields the chunks as they come; ``read(n)`` re-slices them. Closing it closes
    the underlying iterator, which releases the backend's file handle or HTTP connection.
    """

    def __init__(self, chunks: Iterator[bytes]) -> None:
        super().__init__()
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Buffer) -> int:
        target = memoryview(buffer).cast("B")
        if not self._buffer:
            self._buffer = next(self._chunks, b"")
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size

    def __iter__(self) -> Iterator[bytes]:
        if self._buffer:
            buffered, self._buffer = self._buffer, b""
            yield buffered
        yield from self._chunks

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        super().close()

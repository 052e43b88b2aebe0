"""Envelope encryption of classified blobs: AES-256-GCM in fixed-size segments.

Each file gets a fresh random 256-bit data key, wrapped (AES-256-GCM) by the key-encryption
key of its classification level. The stored object is::

    header = b"CHBE" | format (1 byte) | segment size (u32 BE) | nonce prefix (8 bytes)
    header | segment 0 | segment 1 | ... | final segment        (each segment: ciphertext+tag)

Segment ``i`` is encrypted with nonce ``prefix | i (u32 BE)`` and associated data
``header | binding | i (u64 BE) | final flag``. The binding names the blob, its owner
(type, id, version) and its level, so a ciphertext moved onto another record, relabelled to
another level or owner, reordered, truncated at a segment boundary or extended fails to
decrypt. Each segment is authenticated before its plaintext is released, so memory stays at
one segment whatever the file size.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chancery.blobs.constants import SEGMENT_SIZE
from chancery.blobs.exceptions import BlobTampered

SCHEME = "aes-256-gcm-segmented-v1"
MAGIC = b"CHBE"
FORMAT = 1
KEY_BYTES = 32
NONCE_PREFIX_BYTES = 8
WRAP_NONCE_BYTES = 12
TAG_BYTES = 16
HEADER = struct.Struct(">4sBI8s")
MAX_SEGMENT_SIZE = 16 * 1024 * 1024
MAX_SEGMENTS = 2**32


@dataclass(frozen=True)
class Binding:
    """What a ciphertext belongs to. Every field is authenticated, none is secret."""

    blob_id: str
    level: int
    object_type: str
    object_id: str
    object_version: int

    def encode(self) -> bytes:
        fields = [
            SCHEME,
            self.blob_id,
            str(self.level),
            self.object_type,
            self.object_id,
            str(self.object_version),
        ]
        # Length-prefixed, so that ("ab", "c") and ("a", "bc") never encode alike.
        return b"".join(
            struct.pack(">H", len(raw)) + raw for raw in (field.encode() for field in fields)
        )


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def new_nonce_prefix() -> bytes:
    return os.urandom(NONCE_PREFIX_BYTES)


def wrap_key(data_key: bytes, kek: bytes, binding: Binding, key_version: int) -> bytes:
    """``nonce | AES-GCM(kek, data_key)``, bound to the blob and the KEK version."""
    nonce = os.urandom(WRAP_NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, _wrap_aad(binding, key_version))


def unwrap_key(wrapped: bytes, kek: bytes, binding: Binding, key_version: int) -> bytes:
    """The data key; :class:`BlobTampered` if the KEK, binding or wrapped bytes are wrong."""
    nonce, sealed = wrapped[:WRAP_NONCE_BYTES], wrapped[WRAP_NONCE_BYTES:]
    try:
        return AESGCM(kek).decrypt(nonce, sealed, _wrap_aad(binding, key_version))
    except (InvalidTag, ValueError) as exc:
        raise BlobTampered from exc


def encrypt_stream(
    chunks: Iterable[bytes],
    *,
    data_key: bytes,
    nonce_prefix: bytes,
    binding: Binding,
    segment_size: int = SEGMENT_SIZE,
) -> Iterator[bytes]:
    """The encrypted object, header first, one segment at a time."""
    header = HEADER.pack(MAGIC, FORMAT, segment_size, nonce_prefix)
    yield header
    cipher = AESGCM(data_key)
    context = header + binding.encode()
    for index, segment, final in _segments(chunks, segment_size):
        yield cipher.encrypt(_nonce(nonce_prefix, index), segment, _aad(context, index, final))


def decrypt_stream(
    chunks: Iterable[bytes], *, data_key: bytes, nonce_prefix: bytes, binding: Binding
) -> Iterator[bytes]:
    """The plaintext, one authenticated segment at a time; :class:`BlobTampered` on any doubt."""
    iterator = iter(chunks)
    head = bytearray()
    while len(head) < HEADER.size:
        chunk = next(iterator, None)
        if chunk is None:
            raise BlobTampered
        head += chunk
    magic, version, segment_size, prefix = HEADER.unpack_from(head)
    if (
        magic != MAGIC
        or version != FORMAT
        or prefix != nonce_prefix
        or not 0 < segment_size <= MAX_SEGMENT_SIZE
    ):
        raise BlobTampered
    header = bytes(head[: HEADER.size])
    rest = bytes(head[HEADER.size :])
    cipher = AESGCM(data_key)
    context = header + binding.encode()
    body = _prepend(rest, iterator)
    for index, sealed, final in _segments(body, segment_size + TAG_BYTES):
        try:
            yield cipher.decrypt(_nonce(prefix, index), sealed, _aad(context, index, final))
        except (InvalidTag, ValueError) as exc:
            raise BlobTampered from exc


def _wrap_aad(binding: Binding, key_version: int) -> bytes:
    return b"chancery-data-key" + binding.encode() + struct.pack(">I", key_version)


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= MAX_SEGMENTS:
        raise BlobTampered
    return prefix + struct.pack(">I", index)


def _aad(context: bytes, index: int, final: bool) -> bytes:
    return context + struct.pack(">QB", index, 1 if final else 0)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from rest


def _segments(chunks: Iterable[bytes], size: int) -> Iterator[tuple[int, bytes, bool]]:
    """Regroup ``chunks`` into ``size``-byte segments, telling which one is the last.

    A segment is only released once a byte beyond it has been seen (or the input has ended),
    which is what lets the final flag be known. An empty input is one empty final segment.
    """
    iterator = iter(chunks)
    buffer = bytearray()
    index = 0
    exhausted = False
    while True:
        while len(buffer) <= size and not exhausted:
            chunk = next(iterator, None)
            if chunk is None:
                exhausted = True
            else:
                buffer += chunk
        if len(buffer) > size:
            yield index, bytes(buffer[:size]), False
            del buffer[:size]
            index += 1
        else:
            yield index, bytes(buffer), True
            return

"""The segmented AES-GCM format on its own: order, length and context are all authenticated."""

from __future__ import annotations

import os

import pytest

from chancery.blobs import crypto
from chancery.blobs.exceptions import BlobTampered

KEY = bytes(range(32))
PREFIX = b"\x01" * crypto.NONCE_PREFIX_BYTES
BINDING = crypto.Binding("0b5c3f5e-1", 2, "documents.cable", "7", 2)
SEGMENT = 1024
SEALED = SEGMENT + crypto.TAG_BYTES


def _encrypt(body: bytes, binding: crypto.Binding = BINDING) -> bytes:
    return b"".join(
        crypto.encrypt_stream(
            [body], data_key=KEY, nonce_prefix=PREFIX, binding=binding, segment_size=SEGMENT
        )
    )


def _decrypt(blob: bytes, binding: crypto.Binding = BINDING, chunk: int = 333) -> bytes:
    pieces = [blob[i : i + chunk] for i in range(0, len(blob), chunk)]
    return b"".join(
        crypto.decrypt_stream(pieces, data_key=KEY, nonce_prefix=PREFIX, binding=binding)
    )


def _split(blob: bytes) -> tuple[bytes, list[bytes]]:
    header, body = blob[: crypto.HEADER.size], blob[crypto.HEADER.size :]
    return header, [body[i : i + SEALED] for i in range(0, len(body), SEALED)]


@pytest.mark.parametrize("size", [0, 1, SEGMENT - 1, SEGMENT, 3 * SEGMENT, 3 * SEGMENT + 7])
def test_any_length_round_trips_whatever_the_read_chunking(size: int) -> None:
    body = os.urandom(size)

    assert _decrypt(_encrypt(body)) == body
    assert _decrypt(_encrypt(body), chunk=1) == body


def test_a_different_context_cannot_decrypt_even_with_the_right_data_key() -> None:
    blob = _encrypt(b"x" * 3000)
    relabelled = crypto.Binding(BINDING.blob_id, 3, "documents.cable", "7", 2)
    moved = crypto.Binding(BINDING.blob_id, 2, "documents.cable", "8", 2)

    for binding in (relabelled, moved):
        with pytest.raises(BlobTampered):
            _decrypt(blob, binding)


def test_cutting_the_file_at_a_segment_boundary_is_detected() -> None:
    header, segments = _split(_encrypt(os.urandom(3 * SEGMENT + 10)))

    with pytest.raises(BlobTampered):
        _decrypt(header + b"".join(segments[:2]))


def test_reordered_segments_are_detected() -> None:
    header, segments = _split(_encrypt(os.urandom(3 * SEGMENT + 10)))

    with pytest.raises(BlobTampered):
        _decrypt(header + segments[1] + segments[0] + segments[2] + segments[3])


def test_anything_appended_after_the_final_segment_is_detected() -> None:
    blob = _encrypt(os.urandom(2 * SEGMENT))
    _, segments = _split(_encrypt(os.urandom(2 * SEGMENT)))

    with pytest.raises(BlobTampered):
        _decrypt(blob + segments[-1])


def test_a_wrapped_key_only_unwraps_with_its_own_kek_binding_and_version() -> None:
    kek, other_kek = os.urandom(32), os.urandom(32)
    wrapped = crypto.wrap_key(KEY, kek, BINDING, 1)

    assert crypto.unwrap_key(wrapped, kek, BINDING, 1) == KEY
    for attempt in (
        (other_kek, BINDING, 1),
        (kek, crypto.Binding(BINDING.blob_id, 1, "documents.cable", "7", 2), 1),
        (kek, BINDING, 2),
    ):
        with pytest.raises(BlobTampered):
            crypto.unwrap_key(wrapped, *attempt)

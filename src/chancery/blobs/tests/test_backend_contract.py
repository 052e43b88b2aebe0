"""The behaviour every backend promises, run against the filesystem and S3 (moto) alike."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from chancery.blobs.backends import BlobBackend
from chancery.blobs.constants import CHUNK_SIZE
from chancery.blobs.exceptions import BlobCorrupted, BlobNotFound, InvalidAddress
from chancery.blobs.tests.conftest import RawStore


def _put(backend: BlobBackend, data: bytes) -> str:
    address = hashlib.sha256(data).hexdigest()
    backend.put(address, io.BytesIO(data))
    return address


def _collect(chunks: Iterator[bytes], into: bytearray) -> bytes:
    """Consume ``chunks`` into ``into`` as they arrive, so a failure still shows what came."""
    for chunk in chunks:
        into += chunk
    return b""


def test_stored_bytes_read_back_identical_under_their_digest(backend: BlobBackend) -> None:
    data = b"Quyet dinh so 1/QD-BNG"

    address = _put(backend, data)

    assert backend.exists(address)
    assert b"".join(backend.open(address)) == data


def test_storing_identical_bytes_twice_keeps_one_object(
    backend: BlobBackend, raw: RawStore
) -> None:
    first = _put(backend, b"same content")
    second = _put(backend, b"same content")

    assert first == second
    assert raw.names() == [first]
    assert [obj.address for obj in backend.iter_stored()] == [first]


def test_a_file_larger_than_the_chunk_size_streams_in_bounded_chunks(
    backend: BlobBackend,
) -> None:
    data = os.urandom(3 * CHUNK_SIZE + 123)
    address = _put(backend, data)

    chunks = list(backend.open(address))

    assert len(chunks) >= 4
    assert max(len(chunk) for chunk in chunks) <= CHUNK_SIZE
    assert b"".join(chunks) == data


def test_bytes_that_do_not_match_their_address_are_refused_and_not_stored(
    backend: BlobBackend, raw: RawStore
) -> None:
    claimed = hashlib.sha256(b"what the caller said").hexdigest()

    with pytest.raises(BlobCorrupted):
        backend.put(claimed, io.BytesIO(b"something else entirely"))

    assert not backend.exists(claimed)
    assert raw.names() == []


def test_a_corrupted_object_is_refused_before_its_last_chunk_is_delivered(
    backend: BlobBackend, raw: RawStore
) -> None:
    data = os.urandom(2 * CHUNK_SIZE + 10)
    address = _put(backend, data)
    damaged = bytearray(data)
    damaged[5] ^= 0xFF
    raw.write(address, bytes(damaged))

    received = bytearray()
    with pytest.raises(BlobCorrupted) as refusal:
        received.extend(_collect(backend.open(address), received))

    assert address in str(refusal.value)
    assert len(received) < len(data)


def test_a_missing_object_is_reported_as_not_found(backend: BlobBackend) -> None:
    address = hashlib.sha256(b"never stored").hexdigest()

    assert not backend.exists(address)
    with pytest.raises(BlobNotFound):
        backend.open(address)


def test_deleting_is_idempotent(backend: BlobBackend) -> None:
    address = _put(backend, b"to be removed")

    backend.delete(address)
    backend.delete(address)

    assert not backend.exists(address)
    assert list(backend.iter_stored()) == []


@pytest.mark.parametrize("address", ["../../etc/passwd", "ABCDEF" * 10 + "abcd", "", "a" * 63])
def test_anything_but_a_sha256_hex_address_is_refused(backend: BlobBackend, address: str) -> None:
    with pytest.raises(InvalidAddress):
        backend.exists(address)
    with pytest.raises(InvalidAddress):
        backend.open(address)


def test_listing_reports_each_object_with_its_size_and_time(backend: BlobBackend) -> None:
    before = datetime.now(UTC) - timedelta(minutes=1)
    small = _put(backend, b"x")
    large = _put(backend, b"y" * 5000)

    listed = {obj.address: obj for obj in backend.iter_stored()}

    assert set(listed) == {small, large}
    assert listed[large].size == 5000
    assert listed[small].modified > before

"""Classified content is envelope-encrypted, and any tampering with it is refused."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from chancery.blobs import service as blobs
from chancery.blobs.constants import SEGMENT_SIZE
from chancery.blobs.crypto import HEADER
from chancery.blobs.tests import samples
from chancery.blobs.tests.conftest import RawStore, person
from chancery.core.service import Clearance

pytestmark = pytest.mark.django_db

CABLE = blobs.Owner("documents.cable", "7", 2)
OTHER_CABLE = blobs.Owner("documents.cable", "8", 1)


def _store_secret(body: bytes, owner: blobs.Owner = CABLE) -> blobs.Blob:
    return blobs.store(
        io.BytesIO(body),
        filename="cable.txt",
        owner=owner,
        classification=Clearance.SECRET,
        actor=None,
    )


def _text(size: int) -> bytes:
    return os.urandom(size // 2 + 1).hex().encode()[:size]


def _read(address: str) -> bytes:
    with blobs.open_blob(address, actor=person(cleared=True)) as reader:
        return b"".join(reader)


def test_classified_content_round_trips_and_is_stored_only_as_ciphertext(
    backend_name: str, raw: RawStore
) -> None:
    body = samples.text() + _text(3 * SEGMENT_SIZE + 17)

    blob = _store_secret(body)

    stored = raw.read(blob.address)
    assert _read(blob.address) == body
    assert blob.address == hashlib.sha256(stored).hexdigest()
    assert blob.address != hashlib.sha256(body).hexdigest()
    assert samples.text() not in stored
    assert blob.key_version == 1
    assert (blob.aad_object_type, blob.aad_object_id, blob.aad_object_version) == (
        "documents.cable",
        "7",
        2,
    )


def test_the_same_classified_file_stored_twice_gives_two_unrelated_ciphertexts(
    backend_name: str,
) -> None:
    first = _store_secret(samples.text())
    second = _store_secret(samples.text())

    assert first.address != second.address
    assert bytes(first.wrapped_key or b"") != bytes(second.wrapped_key or b"")


def test_ciphertext_altered_in_place_is_refused(backend_name: str, raw: RawStore) -> None:
    blob = _store_secret(_text(2 * SEGMENT_SIZE))
    damaged = bytearray(raw.read(blob.address))
    damaged[HEADER.size + SEGMENT_SIZE + 40] ^= 0x01
    raw.write(blob.address, bytes(damaged))

    with pytest.raises(blobs.BlobIntegrityError):
        _read(blob.address)


def test_altered_ciphertext_with_a_matching_new_address_is_still_refused(
    backend_name: str, raw: RawStore
) -> None:
    """Someone who can write the store and the database recomputes the digest: GCM catches it."""
    blob = _store_secret(_text(SEGMENT_SIZE + 5))
    damaged = bytearray(raw.read(blob.address))
    damaged[-1] ^= 0x80
    forged = hashlib.sha256(damaged).hexdigest()
    raw.write(forged, bytes(damaged))
    blobs.Blob.objects.filter(pk=blob.pk).update(address=forged)

    with pytest.raises(blobs.BlobTampered):
        _read(forged)


def test_relabelling_a_blob_to_another_level_is_refused(backend_name: str) -> None:
    blob = _store_secret(samples.text())
    blobs.Blob.objects.filter(pk=blob.pk).update(classification=Clearance.CONFIDENTIAL)

    with pytest.raises(blobs.BlobTampered):
        _read(blob.address)


def test_rebinding_a_blob_to_another_object_is_refused(backend_name: str) -> None:
    blob = _store_secret(samples.text())
    blobs.Blob.objects.filter(pk=blob.pk).update(aad_object_id="8")

    with pytest.raises(blobs.BlobTampered):
        _read(blob.address)


def test_swapping_ciphertexts_between_two_records_is_refused(backend_name: str) -> None:
    first = _store_secret(b"first cable\n")
    second = _store_secret(b"second cable\n", owner=OTHER_CABLE)
    records = blobs.Blob.objects
    records.filter(pk=first.pk).update(address="f" * 64)
    records.filter(pk=second.pk).update(address=first.address)
    records.filter(pk=first.pk).update(address=second.address)

    with pytest.raises(blobs.BlobTampered):
        _read(first.address)
    with pytest.raises(blobs.BlobTampered):
        _read(second.address)

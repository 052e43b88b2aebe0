"""Backup verification re-reads what the backend holds, blob by blob."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import CommandError, call_command

from chancery.blobs import service as blobs
from chancery.blobs.backends import BlobBackend
from chancery.blobs.tests import samples
from chancery.blobs.tests.conftest import RawStore
from chancery.core.service import Clearance

pytestmark = pytest.mark.django_db


def _store(body: bytes, classification: int = 0) -> blobs.Blob:
    return blobs.store(
        io.BytesIO(body),
        filename="n.txt",
        owner=blobs.Owner("documents.document", "1"),
        classification=classification,
        actor=None,
    )


def test_the_manifest_lists_every_blob_and_flags_corrupted_and_missing_ones(
    backend: BlobBackend, raw: RawStore
) -> None:
    healthy = _store(samples.text())
    secret = _store(samples.text() + b"secret\n", Clearance.SECRET)
    damaged = _store(os.urandom(64).hex().encode())
    lost = _store(b"soon gone\n")
    raw.write(damaged.address, b"bit rot")
    backend.delete(lost.address)

    manifest = {entry.address: entry for entry in blobs.verify_all()}

    assert set(manifest) == {healthy.address, secret.address, damaged.address, lost.address}
    assert manifest[healthy.address].ok
    assert manifest[healthy.address].size == len(samples.text())
    assert manifest[secret.address].ok
    assert manifest[secret.address].size == secret.stored_size
    assert manifest[secret.address].classification == Clearance.SECRET
    assert not manifest[damaged.address].ok
    assert manifest[damaged.address].size == len(b"bit rot")
    assert (manifest[lost.address].ok, manifest[lost.address].sha256) == (False, "")


def test_the_verify_command_fails_when_a_file_is_corrupted(raw: RawStore) -> None:
    blob = _store(samples.text())
    call_command("blobs", "verify", stdout=io.StringIO(), stderr=io.StringIO())

    raw.write(blob.address, b"bit rot")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("blobs", "verify", stdout=out, stderr=io.StringIO())
    assert f"corrupted {blob.address}" in out.getvalue()

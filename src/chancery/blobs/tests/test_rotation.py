"""Key rotation re-wraps data keys only; the stored ciphertext never changes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from chancery.blobs import service as blobs
from chancery.blobs.actions import rotate_keys
from chancery.blobs.keyring import add_key_version
from chancery.blobs.tests import samples
from chancery.blobs.tests.conftest import RawStore, person
from chancery.core.service import Clearance

pytestmark = pytest.mark.django_db


def _store(level: int, n: int) -> blobs.Blob:
    return blobs.store(
        io.BytesIO(samples.text() + f"copy {n}\n".encode()),
        filename="note.txt",
        owner=blobs.Owner("documents.document", str(n)),
        classification=level,
        actor=None,
    )


def _read(blob: blobs.Blob) -> bytes:
    with blobs.open_blob(blob.address, actor=person(clearance=Clearance.TOP_SECRET)) as r:
        return r.read()


def _drop_key(keyring_path: Path, level: int, version: int) -> None:
    data = json.loads(keyring_path.read_text())
    del data["levels"][str(level)]["keys"][str(version)]
    keyring_path.write_text(json.dumps(data))


def test_rotation_rewraps_keys_without_touching_ciphertext(
    backend_name: str, raw: RawStore, settings: Any
) -> None:
    confidential = [_store(Clearance.CONFIDENTIAL, n) for n in range(3)]
    secret = _store(Clearance.SECRET, 9)
    before = {blob.address: raw.read(blob.address) for blob in [*confidential, secret]}
    assert add_key_version(Clearance.CONFIDENTIAL) == 2

    report = rotate_keys(Clearance.CONFIDENTIAL, batch_size=2)

    assert report.rewrapped == 3
    after = {blob.address: raw.read(blob.address) for blob in [*confidential, secret]}
    assert after == before
    versions = dict(blobs.Blob.objects.values_list("address", "key_version"))
    assert [versions[blob.address] for blob in confidential] == [2, 2, 2]
    assert versions[secret.address] == 1
    _drop_key(settings.CHANCERY_BLOB_KEYRING_PATH, Clearance.CONFIDENTIAL, 1)
    for n, blob in enumerate(confidential):
        assert _read(blob).endswith(f"copy {n}\n".encode())


def test_an_interrupted_rotation_resumes_where_it_stopped_and_a_rerun_does_nothing() -> None:
    stored = [_store(Clearance.SECRET, n) for n in range(3)]
    add_key_version(Clearance.SECRET)

    def crash(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotate_keys(Clearance.SECRET, batch_size=1, progress=crash)
    halfway = sorted(v or 0 for v in blobs.Blob.objects.values_list("key_version", flat=True))

    assert halfway == [1, 1, 2]
    assert rotate_keys(Clearance.SECRET).rewrapped == 2
    assert rotate_keys(Clearance.SECRET).rewrapped == 0
    assert _read(stored[0]).startswith(samples.text())


def test_the_command_rotates_and_refuses_when_an_old_key_is_missing(
    settings: Any,
) -> None:
    _store(Clearance.CONFIDENTIAL, 1)
    add_key_version(Clearance.CONFIDENTIAL)
    out = io.StringIO()

    call_command("blobs", "rotate-keys", "--level", "1", stdout=out, stderr=io.StringIO())
    assert blobs.Blob.objects.get().key_version == 2

    add_key_version(Clearance.CONFIDENTIAL)
    _drop_key(settings.CHANCERY_BLOB_KEYRING_PATH, Clearance.CONFIDENTIAL, 2)
    with pytest.raises(CommandError):
        call_command("blobs", "rotate-keys", "--level", "1", stdout=out, stderr=io.StringIO())
    assert blobs.Blob.objects.get().key_version == 2

"""Where the key-encryption keys come from, and what is refused about them."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from typing import Any

import pytest

from chancery.blobs import service as blobs
from chancery.blobs.exceptions import KeyNotAvailable, KeyringError
from chancery.blobs.keyring import Keyring, add_key_version, load_keyring
from chancery.blobs.tests import samples
from chancery.core.service import Clearance


def test_development_generates_a_private_keyring_with_one_key_per_level(settings: Any) -> None:
    path: Path = settings.CHANCERY_BLOB_KEYRING_PATH

    keyring = load_keyring()

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(keyring.levels) == [1, 2, 3]
    assert [keyring.current(level)[0] for level in (1, 2, 3)] == [1, 1, 1]
    assert load_keyring() == keyring  # generated once, then read back


def test_a_keyring_file_readable_by_others_is_refused(settings: Any) -> None:
    path: Path = settings.CHANCERY_BLOB_KEYRING_PATH
    load_keyring()
    path.chmod(0o644)

    with pytest.raises(KeyringError, match="600"):
        load_keyring()


def test_without_a_keyring_and_without_autocreate_nothing_is_generated(settings: Any) -> None:
    settings.CHANCERY_BLOB_KEYRING_AUTOCREATE = False

    with pytest.raises(KeyringError):
        load_keyring()
    assert not Path(settings.CHANCERY_BLOB_KEYRING_PATH).exists()


@pytest.mark.django_db
def test_a_keyring_given_in_the_environment_is_used_and_not_rewritten(settings: Any) -> None:
    settings.CHANCERY_BLOB_KEYRING = Keyring.generate().with_new_version(2).to_json()

    blob = blobs.store(
        io.BytesIO(samples.text()),
        filename="n.txt",
        owner=blobs.Owner("documents.document", "1"),
        classification=Clearance.SECRET,
        actor=None,
    )

    assert blob.key_version == 2
    assert not Path(settings.CHANCERY_BLOB_KEYRING_PATH).exists()
    with pytest.raises(KeyringError):
        add_key_version(2)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"format": 1, "levels": {"1": {"current": 1, "keys": {"1": "c2hvcnQ="}}}}',
        '{"format": 1, "levels": {"1": {"current": 2, "keys": {}}}}',
    ],
)
def test_a_malformed_keyring_is_refused(settings: Any, text: str) -> None:
    settings.CHANCERY_BLOB_KEYRING = text

    with pytest.raises(KeyringError):
        load_keyring()


def test_asking_for_a_version_that_is_not_there_names_level_and_version() -> None:
    keyring = Keyring.generate()

    with pytest.raises(KeyNotAvailable, match="7"):
        keyring.key(1, 7)

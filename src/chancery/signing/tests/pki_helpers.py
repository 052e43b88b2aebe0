"""Fixtures for tests of the persisted PKI: the session's in-memory hierarchy, adopted into
the test database with its key files in a per-test directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chancery.signing.actions.pki import InternalPki, initialise_internal_pki
from chancery.signing.pki.material import Hierarchy
from chancery.signing.queries.pki import forget_cached_material

SERVICE_PIN = "service-pin-for-tests"


@pytest.fixture
def pki_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.CHANCERY_PKI_DIR = tmp_path / "pki"
    settings.CHANCERY_PKI_SERVICE_PIN = SERVICE_PIN
    settings.CHANCERY_PKI_INTERNAL_CA = True
    settings.CHANCERY_SIGNING_TSA_URL = ""
    settings.CHANCERY_SIGNING_ALLOW_FETCHING = False
    forget_cached_material()
    yield settings.CHANCERY_PKI_DIR
    forget_cached_material()


@pytest.fixture
def internal_pki(db: None, pki_dir: Path, hierarchy: Hierarchy) -> InternalPki:
    """The internal CA in the database, adopted from the session hierarchy (no key generation)."""
    return initialise_internal_pki(hierarchy=hierarchy)


def start_internal_pki(settings: Any, directory: Path, hierarchy: Hierarchy) -> InternalPki:
    """For fixtures of other apps that sign: adopt the session hierarchy as the internal PKI
    with its key files in ``directory``, with fetching and time-stamping off (the caller sets
    its own app's signing level and the like)."""
    settings.CHANCERY_PKI_DIR = directory
    settings.CHANCERY_SIGNING_ALLOW_FETCHING = False
    settings.CHANCERY_SIGNING_TSA_URL = ""
    forget_cached_material()
    pki = initialise_internal_pki(hierarchy=hierarchy)
    forget_cached_material()
    return pki

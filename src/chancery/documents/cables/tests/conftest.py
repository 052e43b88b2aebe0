"""Fixtures shared by the cables tests: English messages, and the offices of the compose tests
(importable by other areas' tests through ``factories``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from chancery.documents.cables.tests.factories import (  # noqa: F401
    cable_office,
    hierarchy,
    pki_dir,
    pki_port,
    signing_cable_office,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised outside a request are read in English here (see documents' conftest)."""
    with translation.override("en"):
        yield

"""Fixtures shared by every documents test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised and written outside a request (actions, jobs, commands) are read in
    English here; the catalogues are checked by core's translation tests, and pages by the
    language their client asks for."""
    with translation.override("en"):
        yield

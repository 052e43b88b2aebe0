"""Fixtures shared by the e-services tests: English messages, in requests too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised outside a request are read in English here (see documents' conftest)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _english_pages(settings: Any) -> None:
    """Pages asked for without a language (the test client sends no Accept-Language) are in
    English, the language these tests read; Vietnamese stays the site's default elsewhere, and
    tests that check another language ask for it."""
    settings.LANGUAGE_CODE = "en"

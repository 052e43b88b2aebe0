"""Fixtures shared by the portal tests: English messages, the portal's skeleton, a clean cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.utils import translation

from chancery.portal import cache


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages raised outside a request are read in English here (see documents' conftest)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _english_pages(settings: Any) -> None:
    """Pages asked for without a language prefix are in English (the portal's own pages carry
    their language in the path: /vi/, /en/, /fr/)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_page_cache() -> Iterator[None]:
    caches["portal"].clear()
    cache.forget_local()
    yield
    caches["portal"].clear()
    cache.forget_local()


@pytest.fixture
def site(db: None) -> Any:
    """The portal's skeleton (home pages and sections in the three languages)."""
    from chancery.portal.tests.factories import portal_site

    return portal_site()

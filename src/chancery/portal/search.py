"""Searching the portal: the visible pages of one language, optionally one section.

Wagtail's PostgreSQL search backend indexes every page in the ``chancery_vi`` text search
configuration (settings ``WAGTAILSEARCH_BACKENDS``: unaccent, then whole words), and its query
goes through the same configuration, so "ngoai giao" finds "ngoại giao" and "etrangere" finds
"étrangère". The query is put in Unicode NFC first: a decomposed "ngoại" typed on some systems
is the same word as the composed one. Results are ranked by relevance; only pages that
``published.visible`` lets through, in the asked language, can be found.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.models import Page

from chancery.portal import models as m
from chancery.portal import published

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200

# The sections one may narrow a search to, by their key in ``?section=``.
SECTIONS: dict[str, type[Page]] = {
    "news": m.NewsIndexPage,
    "briefings": m.BriefingIndexPage,
    "speeches": m.SpeechIndexPage,
    "activities": m.ActivityIndexPage,
    "policy": m.PolicyIndexPage,
    "countries": m.CountryIndexPage,
    "advisories": m.AdvisoryIndexPage,
    "services": m.ServiceIndexPage,
}


@dataclass(frozen=True)
class Hit:
    """One result as the results page shows it."""

    page: Any
    title: str
    url: str
    summary: str
    section: str
    date: datetime | None


def normalise(query: str) -> str:
    """The query as the index holds words: NFC, single spaces, at most 200 characters."""
    return " ".join(unicodedata.normalize("NFC", query).split())[:MAX_QUERY_LENGTH]


def sections(root: Page) -> dict[str, Page]:
    """The section pages under the home page ``root``, by their key (their generic ``Page``:
    only the title, path and address are needed; two queries at most)."""
    types = ContentType.objects.get_for_models(*SECTIONS.values())
    keys = {types[model].pk: key for key, model in SECTIONS.items()}
    found: dict[str, Page] = {}
    for page in Page.objects.child_of(root).filter(content_type_id__in=keys).order_by("path"):
        found.setdefault(keys[page.content_type_id], page)
    return found


def search(query: str, language: str, section: Any = None) -> Any:
    """Wagtail search results (lazy, sliceable, countable) for ``query`` among the visible
    pages of ``language``, under the ``section`` page when given, most relevant first."""
    candidates = published.pages(language)
    if section is not None:
        candidates = candidates.descendant_of(section)
    # The backend accepts only filters on indexed fields; the visibility rules (go-live and
    # expiry times among them) go in as a subquery on the page id, which is one.
    return Page.objects.filter(pk__in=candidates.values("pk")).search(
        normalise(query), operator="and"
    )


def _summary(page: Any) -> str:
    text = getattr(page, "summary", "") or page.search_description
    return str(text)


def _date(page: Any) -> datetime | None:
    return getattr(page, "date", None) or page.last_published_at


def hits(
    results_page: PaginatorPage[Any], section_pages: dict[str, Any], request: Any
) -> list[Hit]:
    """The results of one page of results, as their specific pages (one query per page type)."""
    ids = [page.pk for page in results_page.object_list]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    by_path = {page.path: page.title for page in section_pages.values()}
    # Every section page sits at the same depth: its path is the start of its pages' paths.
    depth = next((page.depth for page in section_pages.values()), 0)
    found = []
    for pk in ids:
        page = specific.get(pk)
        if page is None:
            continue
        section_path = page.path[: Page.steplen * depth]
        found.append(
            Hit(
                page=page,
                title=page.title,
                url=page.get_url(request) or "",
                summary=_summary(page),
                section=by_path.get(section_path, ""),
                date=_date(page),
            )
        )
    return found


def paginate(results: Any, number: Any) -> PaginatorPage[Any]:
    return Paginator(results, RESULTS_PER_PAGE).get_page(number)

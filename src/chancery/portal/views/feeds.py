"""Atom feeds per section and language, the leaders' activities as a calendar, the sitemap.

Anyone may read them; they show only what ``published.visible`` lets through. They read
neither the session nor a CSRF token, and depend only on the request's host, language and query
string, so the page cache may serve them to everyone."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from chancery.portal import models as m
from chancery.portal import published
from chancery.portal import site as portal_site
from chancery.portal.views.calendar import activities_ical
from chancery.portal.views.sitemap import sitemap

__all__ = ["activities_ical", "section_feed", "sitemap"]

FEED_SIZE = 50

_SECTION_PAGES: dict[str, type[m.ListingPage]] = {
    model.feed_section: model
    for model in (
        m.NewsIndexPage,
        m.BriefingIndexPage,
        m.SpeechIndexPage,
        m.ActivityIndexPage,
        m.PolicyIndexPage,
    )
}


def tag_domain() -> str:
    """The authority of the portal's tag URIs (RFC 4151): the configured site's host name, so
    that an entry keeps its id whichever host name or proxy served the feed."""
    return urlsplit(str(settings.CHANCERY_SITE_URL)).hostname or "localhost"


def entry_id(page: Any, language: str) -> str:
    """A stable id for the ``language`` edition of a page: its translation key never changes
    (not even when the page moves or its slug changes), nor does its first publication date."""
    day = page.first_published_at.strftime("%Y-%m-%d")
    return f"tag:{tag_domain()},{day}:portal/{page.translation_key}/{language}"


def _author(page: Any) -> str:
    for field in ("speaker", "spokesperson", "leader"):
        if getattr(page, field, ""):
            return str(getattr(page, field))
    return _("Ministry of Foreign Affairs")


def _categories(page: Any) -> list[str]:
    kind = getattr(page, "get_kind_display", None)
    return [str(kind())] if kind is not None else []


def section_feed(request: HttpRequest, section: str) -> HttpResponse:
    """The 50 articles of ``section`` ("news", "briefings", "speeches", "activities", "policy"
    or "all") first published most recently, in the language of the URL, as Atom 1.0. Anyone
    may read it; an unknown section is a 404."""
    if section not in published.FEED_SECTIONS:
        raise Http404
    language = published.current_language()
    try:
        if section == "all":
            listing: Any = portal_site.home(language)
            title = _("Ministry of Foreign Affairs: latest")
        else:
            listing = portal_site.section(_SECTION_PAGES[section], language)
            title = _("Ministry of Foreign Affairs: %(section)s") % {"section": listing.title}
    except ObjectDoesNotExist:  # a portal without this language's skeleton
        raise Http404 from None
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri(listing.get_url(request)),
        description="",
        language=language,
        feed_url=request.build_absolute_uri(request.path),
        feed_guid=f"tag:{tag_domain()},2025:portal/feeds/{section}/{language}",
        author_name=_("Ministry of Foreign Affairs"),
    )
    for page in published.articles(section, language)[:FEED_SIZE]:
        feed.add_item(
            title=page.title,
            link=request.build_absolute_uri(page.get_url(request)),
            description=page.summary,
            unique_id=entry_id(page, language),
            pubdate=page.first_published_at,
            updateddate=page.last_published_at,
            author_name=_author(page),
            categories=_categories(page),
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response

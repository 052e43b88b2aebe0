"""The Atom feed of a country's travel advisory: one entry per published update."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from chancery.portal import advisories

FEED_SIZE = 50


def _tag_authority() -> str:
    return urlsplit(str(settings.CHANCERY_SITE_URL)).hostname or "localhost"


def advisory_feed(request: HttpRequest, country_code: str) -> HttpResponse:
    """Public. The updates of ``country_code``'s advisory in the request's language (the
    source-language edition when that language has none), newest first. 404 for a country
    without a live advisory; embargoed updates (publication time to come) never appear."""
    language = get_language() or ""
    page = advisories.feed_edition(country_code, language)
    if page is None:
        raise Http404
    base = str(settings.CHANCERY_SITE_URL).rstrip("/")
    link = base + advisories.page_path(page)
    authority = _tag_authority()
    first = page.first_published_at or timezone.now()
    feed = Atom1Feed(
        title=gettext("Travel advice: %(country)s") % {"country": page.title},
        link=link,
        description=page.summary,
        language=page.locale.language_code,
        feed_url=base + request.path,
        # A tag URI (RFC 4151) names the feed for good, whatever the page's slug becomes.
        feed_guid=f"tag:{authority},{first:%Y-%m-%d}:advisory/{page.translation_key}/"
        f"{page.locale.language_code}",
    )
    for update in advisories.visible_updates(page)[:FEED_SIZE]:
        level = advisories.level_info(update.level)
        feed.add_item(
            title=f"{page.title}: {level.label} — {update.note}",
            link=link,
            description=f"{level.label} ({level.tier}). {update.note}",
            unique_id=f"tag:{authority},{update.published_at:%Y-%m-%d}:advisory-update/{update.pk}",
            updateddate=update.published_at,
            pubdate=update.published_at,
            categories=[str(update.get_kind_display())],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response

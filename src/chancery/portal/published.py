"""What the public may see of the portal, for the feeds, the calendar, the sitemap and search.

Wagtail's ``live()`` is the main guard: a page scheduled for a first publication stays not live
until its go-live time. The go-live and expiry times are checked again here because the
scheduler (``publish_scheduled``) runs every few minutes: between an expiry time and its run, a
page is still marked live, and feeds are copied by aggregators who never see a correction.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page
from wagtail.query import PageQuerySet

from chancery.portal import models as m

# The sections that have a feed (``ListingPage.feed_section``) and the page types each lists;
# "all" is every dated article.
ARTICLE_TYPES: dict[str, type[m.ArticlePage]] = {
    m.NewsIndexPage.feed_section: m.NewsPage,
    m.BriefingIndexPage.feed_section: m.BriefingPage,
    m.SpeechIndexPage.feed_section: m.SpeechPage,
    m.ActivityIndexPage.feed_section: m.ActivityPage,
    m.PolicyIndexPage.feed_section: m.PolicyPage,
}
FEED_SECTIONS = (*ARTICLE_TYPES, "all")


def current_language() -> str:
    """The language of the request (its URL prefix), one of the portal's languages."""
    from chancery.portal.site import languages, source_language

    language = (get_language() or "").split("-")[0]
    return language if language in languages() else source_language()


def visible(queryset: PageQuerySet) -> PageQuerySet:
    """Narrow a page queryset to what anyone may read now: live, without a view restriction,
    past its go-live time and not past its expiry time."""
    now = timezone.now()
    return (
        queryset.live()
        .public()
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )


def pages(language: str | None = None) -> PageQuerySet:
    """Every visible page, of ``language`` only when given."""
    queryset = visible(Page.objects.all())
    if language is not None:
        queryset = queryset.filter(locale__language_code=language)
    return queryset


def articles(section: str, language: str) -> PageQuerySet:
    """The visible articles of a feed section in ``language``, newest first (by first
    publication, as readers of a feed expect). ``section`` must be in ``FEED_SECTIONS``."""
    if section == "all":
        types = list(ARTICLE_TYPES.values())
        queryset = visible(Page.objects.type(*types)).specific()
    else:
        queryset = visible(ARTICLE_TYPES[section].objects.all())
    return queryset.filter(locale__language_code=language).order_by("-first_published_at", "-pk")

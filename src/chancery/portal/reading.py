"""What the portal's layout and article pages show besides the page itself: the main
navigation, the language switcher, alternate-language links, feeds, and the metadata that
search engines and social networks read (Open Graph, schema.org JSON-LD).

Everything here is the same for every reader of a page (no user, no session), because pages are
cached for everyone."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.models import Page

from chancery.portal import models as m
from chancery.portal.site import source_language

# Open Graph wants a territory; these are the usual ones for the portal's languages.
OG_LOCALES = {"vi": "vi_VN", "en": "en_US", "fr": "fr_FR"}
# The lead image as social networks crop it (1.91:1) and as the listings show it.
OG_IMAGE_SPEC = "fill-1200x630"


@dataclass(frozen=True)
class Link:
    code: str  # the language, or the page id for navigation links
    label: str
    url: str
    current: bool = False


def absolute(path: str) -> str:
    """``path`` on the portal's public address (CHANCERY_SITE_URL): the same for every reader
    whatever Host header the request came with, so a cached page never carries another's."""
    if path.startswith(("http://", "https://")):
        return path
    return str(settings.CHANCERY_SITE_URL).rstrip("/") + path


def language_name(code: str) -> str:
    """The language's name in itself ("Tiếng Việt", "English", "Français")."""
    return str(LANG_INFO.get(code, {}).get("name_local", code)).capitalize()


def _language_of(page: Page) -> str:
    return str(page.locale.language_code)


def _homes(request: HttpRequest | None) -> dict[str, m.HomePage]:
    """The live home page of every language (one query, kept on the request)."""
    cached: dict[str, m.HomePage] | None = getattr(request, "_portal_homes", None)
    if cached is None:
        cached = {
            _language_of(home): home
            for home in m.HomePage.objects.live().select_related("locale").order_by("path")
        }
        if request is not None:
            request._portal_homes = cached  # type: ignore[attr-defined]
    return cached


def _live_translations(page: Page, request: HttpRequest | None) -> list[Page]:
    """The page's live, public translations (one query per page, kept on the request)."""
    if page.pk is None:  # the preview of a page not yet saved
        return []
    memo: dict[int, list[Page]] = getattr(request, "_portal_translations", {})
    if page.pk not in memo:
        memo[page.pk] = list(page.get_translations().live().public().select_related("locale"))
        if request is not None:
            request._portal_translations = memo  # type: ignore[attr-defined]
    return memo[page.pk]


def navigation(page: Page, request: HttpRequest | None) -> list[Link]:
    """The live, public sections under the home page of the page's language, in the editors'
    order; the section the page is in is marked current."""
    home = _homes(request).get(_language_of(page))
    if home is None:
        return []
    sections = Page.objects.child_of(home).live().public().only("id", "title", "url_path", "path")
    path = page.path or ""
    return [
        Link(str(s.pk), s.title, s.get_url(request) or "", bool(path) and path.startswith(s.path))
        for s in sections
    ]


def translations(page: Page, request: HttpRequest | None) -> list[Link]:
    """One link per language: the page itself, its live translation, or, when it has none in
    that language, that language's home page."""
    homes = _homes(request)
    found = {_language_of(other): other for other in _live_translations(page, request)}
    links = []
    current = _language_of(page)
    for code, _name in settings.LANGUAGES:
        target: Page | None = page if code == current else found.get(code) or homes.get(code)
        if target is None:
            continue
        links.append(
            Link(code, language_name(code), target.get_url(request) or "", code == current)
        )
    return links


def alternates(page: Page, request: HttpRequest | None) -> list[Link]:
    """``hreflang`` alternates: the page and each live translation (never a home page standing
    in for a missing translation), plus ``x-default`` on the source-language version."""
    if page.pk is None:
        return []
    versions = [page, *_live_translations(page, request)]
    links = [Link(_language_of(p), "", absolute(p.get_url(request) or "")) for p in versions]
    default = next((link for link in links if link.code == source_language()), None)
    if default is not None:
        links.append(Link("x-default", "", default.url))
    return links


def feed_section(page: Page) -> str:
    """The section feed (``portal:feed``) readers of ``page`` may follow: the listing's own, or
    the one of the listing an article belongs to (its only allowed parent), news on the home."""
    specific = type(page)
    if isinstance(page, m.HomePage):
        return m.NewsIndexPage.feed_section
    if isinstance(page, m.ListingPage):
        return page.feed_section
    for parent in specific.allowed_parent_page_models():
        section = getattr(parent, "feed_section", "")
        if section:
            return str(section)
    return ""


def feed_url(section: str) -> str:
    if not section:
        return ""
    try:
        return reverse("portal:feed", kwargs={"section": section})
    except NoReverseMatch:
        return ""


def chrome(page: Page, request: HttpRequest | None) -> dict[str, Any]:
    """Everything the layout shows around ``page``."""
    language = _language_of(page)
    home = _homes(request).get(language)
    url = page.get_url(request) or ""
    return {
        "language": language,
        "home": home,
        "home_url": (home.get_url(request) if home else "/") or "/",
        "site_name": home.title if home else settings.WAGTAIL_SITE_NAME,
        "navigation": navigation(page, request),
        "translations": translations(page, request),
        "alternates": alternates(page, request),
        "canonical": absolute(url) if url else "",
        "feed_url": feed_url(feed_section(page)),
    }


def lead_image_url(page: Any) -> str:
    """The absolute address of the page's lead image as social networks show it, or ""."""
    image = getattr(page, "image", None)
    if image is None:
        return ""
    return absolute(image.get_rendition(OG_IMAGE_SPEC).url)


def article_metadata(page: Any, request: HttpRequest | None) -> dict[str, Any]:
    """Open Graph properties and the schema.org ``NewsArticle`` of an article page."""
    language = _language_of(page)
    url = absolute(page.get_url(request) or "")
    image = lead_image_url(page)
    home = _homes(request).get(language)
    publisher = home.title if home else settings.WAGTAIL_SITE_NAME
    published = page.date
    modified = page.last_published_at or published
    others = [
        OG_LOCALES.get(code, code)
        for code, _name in settings.LANGUAGES
        if code != language and any(link.code == code for link in alternates(page, request))
    ]
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.summary,
        "inLanguage": language,
        "mainEntityOfPage": url,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": publisher,
            "logo": {"@type": "ImageObject", "url": absolute(static("core/favicon.svg"))},
        },
    }
    if image:
        json_ld["image"] = [image]
    return {
        "title": page.seo_title or page.title,
        "description": page.search_description or page.summary,
        "url": url,
        "image": image,
        "image_alt": getattr(page, "image_alt", ""),
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": others,
        "published": published.isoformat(),
        "modified": modified.isoformat(),
        "site_name": publisher,
        "json_ld": json_ld,
    }


def by_day(items: Iterable[Any], attribute: str = "starts_at") -> list[tuple[date, list[Any]]]:
    """``items`` grouped by the local day of ``attribute``, in the order given."""

    def day(item: Any) -> date:
        return timezone.localdate(getattr(item, attribute))

    return [(key, list(group)) for key, group in itertools.groupby(items, key=day)]

"""/sitemap.xml: every visible page of every language, with its translations as alternates.

Wagtail's own sitemap (wagtail.contrib.sitemaps) lists pages without their translations, so
the XML is written here: ``<xhtml:link rel="alternate" hreflang>`` for each edition of a page
(itself included, as search engines ask), and ``x-default`` pointing at the source-language
edition."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpRequest, HttpResponse

from chancery.portal import published
from chancery.portal.site import languages, source_language

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _entries(request: HttpRequest) -> list[tuple[str, Any, list[tuple[str, str]]]]:
    """(location, last published, [(hreflang, location)]) for each visible page, in tree order."""
    known = set(languages())
    pages = list(
        published.pages()
        .filter(depth__gt=1, locale__language_code__in=known)
        .select_related("locale")
        .order_by("locale__language_code", "path")
    )
    urls = {page.pk: page.get_url(request) for page in pages}
    # A page outside every site has no address; it cannot be listed.
    pages = [page for page in pages if urls[page.pk]]
    locations = {page.pk: request.build_absolute_uri(urls[page.pk]) for page in pages}
    editions: dict[Any, list[Any]] = defaultdict(list)
    for page in pages:
        editions[page.translation_key].append(page)
    entries = []
    for page in pages:
        alternates = [
            (edition.locale.language_code, locations[edition.pk])
            for edition in editions[page.translation_key]
        ]
        if len(alternates) > 1:
            default = dict(alternates).get(source_language())
            if default:
                alternates.append(("x-default", default))
        else:
            alternates = []
        entries.append((locations[page.pk], page.last_published_at, alternates))
    return entries


def sitemap(request: HttpRequest) -> HttpResponse:
    """The sitemap (sitemaps.org 0.9 with hreflang alternates). Anyone may read it."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for location, lastmod, alternates in _entries(request):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = location
        if lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat(
                timespec="seconds"
            )
        for hreflang, href in alternates:
            ET.SubElement(
                url,
                f"{{{XHTML_NS}}}link",
                {"rel": "alternate", "hreflang": hreflang, "href": href},
            )
    body = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")

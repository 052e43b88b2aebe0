"""/sitemap.xml lists every live page of every language with its translations as alternates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.utils import timezone

from chancery.portal.localize import translate
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _sitemap(client: Any) -> dict[str, Any]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own answer)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {url.findtext("s:loc", namespaces=NS) or "": url for url in root.findall("s:url", NS)}


def _alternates(url: Any) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in url.findall("x:link", NS)
        if link.get("rel") == "alternate"
    }


def test_a_translated_page_lists_each_edition_as_an_alternate(site: Any, client: Any) -> None:
    # Given a Vietnamese news item translated into English
    item = factories.news(title="Thông cáo báo chí")
    english = translate(item, "en", {"Thông cáo báo chí": "Press release"})
    vi_url, en_url = f"http://testserver{item.url}", f"http://testserver{english.url}"

    # When a search engine reads the sitemap
    urls = _sitemap(client)

    # Then both editions are listed, each pointing at both, the Vietnamese one by default
    expected = {"vi": vi_url, "en": en_url, "x-default": vi_url}
    assert _alternates(urls[vi_url]) == expected
    assert _alternates(urls[en_url]) == expected
    assert (
        urls[vi_url]
        .findtext("s:lastmod", namespaces=NS)
        .startswith(item.last_published_at.date().isoformat())
    )


def test_every_language_home_page_is_listed(site: Any, client: Any) -> None:
    urls = _sitemap(client)

    for language in ("vi", "en", "fr"):
        assert f"http://testserver/{language}/" in urls
        assert set(_alternates(urls[f"http://testserver/{language}/"])) == {
            "vi",
            "en",
            "fr",
            "x-default",
        }


def test_drafts_and_scheduled_pages_are_not_in_the_sitemap(site: Any, client: Any) -> None:
    live = factories.news()
    draft = factories.news(publish_now=False)
    later = factories.news(publish_now=False)
    factories.schedule(later, timezone.now() + timedelta(days=1))

    listed = " ".join(_sitemap(client))

    assert live.slug in listed
    assert draft.slug not in listed
    assert later.slug not in listed


def test_the_sitemap_costs_a_few_queries_however_many_pages(
    site: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    for _n in range(10):
        factories.news()

    with django_assert_max_num_queries(8):
        _sitemap(client)

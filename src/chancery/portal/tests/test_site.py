"""The portal's skeleton: a home page per language with its sections, served under /vi/, /en/
and /fr/; making it again changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.models import Page

from chancery.portal import models as m
from chancery.portal.site import SECTIONS, ensure_site
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def test_each_language_has_a_home_page_with_every_section(site: Any, client: Any) -> None:
    for language in ("vi", "en", "fr"):
        home = m.HomePage.objects.get(locale__language_code=language)
        assert home.live
        kinds = {type(child.specific) for child in home.get_children()}
        assert kinds == {model for model, _names in SECTIONS}
        assert client.get(f"/{language}/").status_code == 200


def test_making_the_skeleton_again_changes_nothing(site: Any) -> None:
    before = Page.objects.count()
    ensure_site()
    assert Page.objects.count() == before


def test_a_published_news_item_is_served_under_its_language(site: Any, client: Any) -> None:
    item = factories.news(title="Thông cáo báo chí")
    response = client.get(item.url)
    assert response.status_code == 200
    assert item.url.startswith("/vi/tin-tuc/")
    assert "Thông cáo báo chí" in response.content.decode()


def test_a_workspace_404_stays_a_404(site: Any, admin_client: Any) -> None:
    assert admin_client.get("/documents/999999999/").status_code in (302, 404)


def test_public_pages_do_not_vary_on_cookies(site: Any, client: Any) -> None:
    # Given a visitor without a session, when they read a page, a feed and the sitemap
    item = factories.news()
    for url in ("/vi/", item.url, "/vi/feeds/news.atom", "/sitemap.xml"):
        response = client.get(url)
        # Then a shared cache (the CDN) may give the same copy to everyone
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert not response.cookies


def test_a_missing_portal_page_answers_404_in_the_portal_and_its_language(
    site: Any, client: Any
) -> None:
    response = client.get("/fr/page-inexistante/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'lang="fr"' in page
    assert "/fr/search/" in page

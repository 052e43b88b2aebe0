"""Editors are warned about content readers would stumble on (without being stopped), and
cannot give a section the address of one of the portal's own pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from chancery.core.tests.factories import UserFactory
from chancery.portal import models as m
from chancery.portal.checks import content_problems
from chancery.portal.site import home, section
from chancery.portal.tests.reading_helpers import figure, heading, image, paragraph

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _news(**fields: Any) -> m.NewsPage:
    values: dict[str, Any] = {"title": "T", "slug": "t", "summary": "A summary."}
    values.update(fields)
    return m.NewsPage(**values)


def test_a_complete_article_has_no_problem(site: Any) -> None:
    page = _news(
        image=image(),
        image_alt="The Minister",
        body=[heading("A"), heading("B", "h3"), figure(image("P"), "Delegations"), heading("C")],
    )
    assert content_problems(page) == []


def test_missing_alt_texts_are_reported(site: Any) -> None:
    page = _news(
        image=image(),
        image_alt="",
        body=[figure(image("P")), figure(image("Q"), decorative=True)],
    )
    problems = content_problems(page)
    assert "The lead image has no alternative text." in problems
    assert any("Image 1 of the body" in problem for problem in problems)
    assert not any("Image 2" in problem for problem in problems)  # decorative is fine


def test_skipped_and_low_starting_heading_levels_are_reported(site: Any) -> None:
    skipped = _news(body=[heading("A"), heading("B", "h4")])
    assert content_problems(skipped) == [
        "A level 4 heading follows a level 2 heading: a level is skipped."
    ]
    low_start = _news(body=[heading("A", "h3")])
    assert content_problems(low_start) == [
        "The body's first heading is a level 3 heading; it should be level 2."
    ]
    in_rich_text = _news(body=[heading("A"), paragraph("<h4>Inside</h4><p>x</p>")])
    assert len(content_problems(in_rich_text)) == 1


def test_an_empty_summary_is_reported(site: Any) -> None:
    assert content_problems(_news(summary="  ")) == [
        "The summary is empty: listings, feeds and search show nothing."
    ]


def test_a_section_cannot_take_the_address_of_a_portal_route(site: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        home("en").add_child(instance=m.NewsIndexPage(title="Search", slug="search"))
    assert "slug" in refused.value.message_dict
    # deeper down the same slug is harmless
    news = section(m.NewsIndexPage, "en")
    news.add_child(instance=_news(slug="search", locale=news.locale))


def _editor() -> Client:
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _news_form(title: str, slug: str, summary: str, body: list[Any]) -> dict[str, Any]:
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "kind": "news_story",
            "date": "2026-03-05 09:00",
            "summary": summary,
            "image_alt": "",
            "body": streamfield(body),
            "comments": inline_formset([]),
        }
    )


def test_an_editor_saving_a_page_is_warned_but_not_stopped(site: Any) -> None:
    # Given an editor adding a news item whose body skips from h2 to h4
    client = _editor()
    news = section(m.NewsIndexPage, "en")
    body = [
        ("heading", {"text": "Background", "level": "h2"}),
        ("heading", {"text": "Detail", "level": "h4"}),
    ]
    # When they save the draft
    response = client.post(
        f"/cms/pages/add/portal/newspage/{news.pk}/",
        _news_form("Story", "story", "A summary.", body),
        follow=True,
        headers={"accept-language": "en"},
    )
    # Then the draft is saved and a warning names the problem
    assert response.status_code == 200
    assert m.NewsPage.objects.filter(slug="story").exists()
    assert "a level is skipped" in response.content.decode()


def test_an_editor_is_refused_a_reserved_slug_for_a_new_section(site: Any) -> None:
    client = _editor()
    data = nested_form_data(
        {"title": "Ask", "slug": "ask", "intro": rich_text(""), "comments": inline_formset([])}
    )
    response = client.post(
        f"/cms/pages/add/portal/newsindexpage/{home('en').pk}/",
        data,
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "is reserved for the portal" in response.content.decode()
    assert not m.NewsIndexPage.objects.filter(slug="ask").exists()


def test_an_editor_previews_a_page_not_yet_saved(site: Any) -> None:
    # Given an editor writing a new news item
    client = _editor()
    news = section(m.NewsIndexPage, "en")
    url = f"/cms/pages/add/portal/newspage/{news.pk}/preview/"
    data = _news_form("Draft story", "draft-story", "A summary.", [])
    # When they ask for its preview
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    # Then it shows in the portal's layout, with the CMS's user bar
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Draft story</h1>" in html
    assert "wagtail-userbar" in html or "w-userbar" in html

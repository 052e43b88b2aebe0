"""Atom feeds of the portal's sections: each language's own live articles, newest first, as
feed readers parse them; drafts and scheduled pages stay out."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import feedparser
import pytest
import time_machine
from django.utils import timezone, translation

from chancery.portal.constants import NewsKind
from chancery.portal.tests import factories
from chancery.portal.views.feeds import section_feed

pytestmark = pytest.mark.django_db


def _read(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def _published_one_after_another(count: int, language: str = "vi", **fields: Any) -> list[Any]:
    start = timezone.now() - timedelta(days=count)
    pages = []
    for n in range(count):
        with time_machine.travel(start + timedelta(days=n), tick=False):
            pages.append(factories.news(language, **fields))
    return pages


def test_news_feed_lists_the_languages_news_newest_first(site: Any, client: Any) -> None:
    # Given three Vietnamese news items published on three days and one English item
    first, second, third = _published_one_after_another(3)
    english = factories.news("en", title="Minister meets counterpart")

    # When a reader subscribes to the Vietnamese news feed
    feed = _read(client, "/vi/feeds/news.atom")

    # Then they see the Vietnamese items only, the newest first
    assert [entry.title for entry in feed.entries] == [third.title, second.title, first.title]
    assert feed.feed.language == "vi"
    # and the English feed has the English item only
    english_feed = _read(client, "/en/feeds/news.atom")
    assert [entry.title for entry in english_feed.entries] == [english.title]


def test_an_entry_carries_id_link_summary_dates_author_and_kind(site: Any, client: Any) -> None:
    item = factories.news(
        "en", title="Statement on the sea", summary="The ministry states.", kind=NewsKind.STATEMENT
    )

    entry = _read(client, "/en/feeds/news.atom").entries[0]

    assert entry.id.startswith("tag:")
    assert str(item.translation_key) in entry.id
    assert entry.link == f"http://testserver{item.url}"
    assert entry.summary == "The ministry states."
    assert entry.published_parsed is not None
    assert entry.updated_parsed is not None
    assert entry.author
    assert [tag.term for tag in entry.tags] == ["Statement"]


def test_an_entry_keeps_its_id_when_the_page_is_published_again(
    site: Any, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    item = factories.news("en")
    before = _read(client, "/en/feeds/news.atom").entries[0].id

    item.title = "Corrected title"
    with django_capture_on_commit_callbacks(execute=True):  # the publication's cache purge
        factories.publish(item)
    entry = _read(client, "/en/feeds/news.atom").entries[0]

    assert entry.id == before
    assert entry.title == "Corrected title"


def test_drafts_and_scheduled_pages_are_in_no_feed(site: Any, client: Any) -> None:
    visible = factories.news("en", title="Visible")
    factories.news("en", title="Draft", publish_now=False)
    later = factories.news("en", title="Tomorrow", publish_now=False)
    factories.schedule(later, timezone.now() + timedelta(days=1))

    for section in ("news", "all"):
        titles = [entry.title for entry in _read(client, f"/en/feeds/{section}.atom").entries]
        assert titles == [visible.title]


def test_the_all_feed_mixes_every_article_type(site: Any, client: Any) -> None:
    news = factories.news("vi")
    briefing = factories.briefing("vi")
    activity = factories.activity("vi")

    titles = {entry.title for entry in _read(client, "/vi/feeds/all.atom").entries}

    assert titles == {news.title, briefing.title, activity.title}
    # and a section feed holds its own type only
    briefings = _read(client, "/vi/feeds/briefings.atom").entries
    assert [entry.title for entry in briefings] == [briefing.title]


@pytest.mark.parametrize("section", ["news", "briefings", "speeches", "activities", "policy"])
def test_every_section_has_a_valid_feed_even_when_empty(
    site: Any, client: Any, section: str
) -> None:
    for language in ("vi", "en", "fr"):
        feed = _read(client, f"/{language}/feeds/{section}.atom")
        assert feed.entries == []
        assert feed.feed.title


def test_an_unknown_section_has_no_feed(site: Any, client: Any) -> None:
    assert client.get("/vi/feeds/weather.atom").status_code == 404


def test_a_feed_keeps_50_entries(site: Any, client: Any) -> None:
    _published_one_after_another(52, "en")

    assert len(_read(client, "/en/feeds/news.atom").entries) == 50


def test_a_feed_needs_neither_session_nor_user(site: Any, rf: Any) -> None:
    # The page cache serves one answer to everyone: the view must not read who is asking.
    factories.news("vi", title="Tin chung")
    request = rf.get("/vi/feeds/news.atom")  # no session, no user, no CSRF cookie

    with translation.override("vi"):
        response = section_feed(request, "news")

    assert "Tin chung" in response.content.decode()
    assert not response.cookies


@pytest.mark.parametrize("section", ["news", "all"])
def test_a_feed_costs_the_same_few_queries_however_long(
    site: Any, client: Any, section: str, django_assert_max_num_queries: Any
) -> None:
    _published_one_after_another(12, "en")
    factories.briefing("en")

    with django_assert_max_num_queries(14):
        _read(client, f"/en/feeds/{section}.atom")


def test_a_page_past_its_expiry_time_leaves_the_feed_before_the_scheduler_runs(
    site: Any, client: Any
) -> None:
    # Given a page that expired a minute ago, still marked live (publish_scheduled runs later)
    kept = factories.news("en", title="Kept")
    expired = factories.news("en", title="Expired")
    type(expired).objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )

    titles = [entry.title for entry in _read(client, "/en/feeds/news.atom").entries]

    assert titles == [kept.title]

"""Embargo to the minute: content scheduled for 10:00 is nowhere at 09:59 (its page, its
section's listing and feed, the sitemap, search, the page cache) and everywhere at 10:00,
whether or not the minute job has run; content expiring at 10:00 is gone at 10:00."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chancery.portal import cache, scheduled_tasks
from chancery.portal import models as m
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NINE = datetime(2026, 1, 15, 9, 0, tzinfo=HANOI)
BEFORE = datetime(2026, 1, 15, 9, 59, 0, tzinfo=HANOI)
LAST_SECOND = datetime(2026, 1, 15, 9, 59, 59, 999000, tzinfo=HANOI)
TEN = datetime(2026, 1, 15, 10, 0, 0, tzinfo=HANOI)
WORD = "Zanzibar"


@contextmanager
def clock(at: datetime) -> Iterator[None]:
    """Wagtail, the portal and its cache all read ``django.utils.timezone.now``."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def _addresses() -> dict[str, str]:
    """Every public place a news item shows, in the item's language (Vietnamese)."""
    with translation.override("vi"):
        return {
            "listing": factories.section(m.NewsIndexPage, "vi").url,
            "feed": reverse("portal:feed", kwargs={"section": "news"}),
            "sitemap": "/sitemap.xml",
            "search": reverse("portal:search") + f"?q={WORD}",
        }


def _shows(client: Client, path: str, needle: str) -> tuple[int, bool, str]:
    response = client.get(path)
    return response.status_code, needle in response.content.decode(), response.get("X-Cache", "")


def _scheduled_item(at: datetime) -> m.NewsPage:
    item = factories.news(title=f"Bộ trưởng thăm {WORD}", publish_now=False, live=False, date=at)
    return factories.schedule(item, at)


def test_content_scheduled_for_ten_is_nowhere_at_nine_fifty_nine_and_everywhere_at_ten(
    site: Any, client: Client
) -> None:
    addresses = _addresses()
    with clock(NINE):
        # Given the portal already read (and cached) before anything is scheduled
        for path in addresses.values():
            client.get(path)
        # And a news item an editor schedules for 10:00
        slug = _scheduled_item(TEN).slug
    page_path = f"{factories.section(m.NewsIndexPage, 'vi').url}{slug}/"

    # When readers come at 09:59, twice (the second time from the cache)
    with clock(BEFORE):
        assert client.get(page_path).status_code == 404
        before = {name: _shows(client, path, slug) for name, path in addresses.items()}
        again = {name: _shows(client, path, slug) for name, path in addresses.items()}
    # Then it is nowhere
    for name, (status, shown, _hit) in before.items():
        assert status == 200, f"{name} answers {status} at 09:59"
        assert not shown, f"{name} shows the embargoed item at 09:59"
    for name, (_status, shown, hit) in again.items():
        assert not shown, f"{name} shows the embargoed item at 09:59 (cached)"
        assert hit == "HIT", f"{name} was not cached at 09:59"

    # Nor in the last second before 10:00
    with clock(LAST_SECOND):
        assert client.get(page_path).status_code == 404
        assert not _shows(client, addresses["listing"], slug)[1]

    # When readers come at 10:00, and no job has run
    with clock(TEN):
        page = client.get(page_path)
        after = {name: _shows(client, path, slug) for name, path in addresses.items()}
    # Then it is everywhere, and no cached copy from 09:59 was served
    assert page.status_code == 200
    assert f"Bộ trưởng thăm {WORD}" in page.content.decode()
    for name, (status, shown, hit) in after.items():
        assert status == 200, f"{name} answers {status} at 10:00"
        assert shown, f"{name} does not show the item at 10:00"
        assert hit != "HIT", f"{name} was served from the 09:59 cache at 10:00"


def test_the_minute_job_publishes_at_ten_and_the_cache_follows(site: Any, client: Client) -> None:
    listing = _addresses()["listing"]
    with clock(NINE):
        item = _scheduled_item(TEN)
    with clock(BEFORE):
        assert not _shows(client, listing, item.slug)[1]
        assert _shows(client, listing, item.slug)[2] == "HIT"
    # When the worker's minute job runs at 10:00, before any reader comes
    with clock(TEN):
        scheduled_tasks.publish_due(timestamp=int(TEN.timestamp()))
        item.refresh_from_db()
        assert item.live
        status, shown, hit = _shows(client, listing, item.slug)
    # Then readers see it, freshly rendered
    assert (status, shown, hit) == (200, True, "MISS")


def test_a_scheduled_time_just_past_a_cached_copy_is_never_served(
    site: Any, client: Client
) -> None:
    # Given a listing cached at 09:59 with a five-minute lifetime
    listing = _addresses()["listing"]
    with clock(NINE):
        item = _scheduled_item(TEN)
    with clock(BEFORE):
        response = client.get(listing)
    # Then its freshness, for the CDN and browsers too, ends at 10:00
    assert response["X-Cache"] == "MISS"
    assert "s-maxage=60" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    del item


def test_content_expiring_at_ten_is_gone_at_ten(site: Any, client: Client) -> None:
    # Given a news item live until 10:00, read (and cached) at 09:59
    listing = _addresses()["listing"]
    with clock(NINE):
        item = factories.news(title=f"Lịch họp {WORD}", live=False, expire_at=TEN)
        assert item.live
    with clock(BEFORE):
        assert client.get(item.url).status_code == 200
        assert _shows(client, listing, item.slug)[1]
        assert _shows(client, listing, item.slug)[2] == "HIT"
    # When readers come at 10:00
    with clock(TEN):
        page = client.get(f"{listing}{item.slug}/")
        status, shown, _hit = _shows(client, listing, item.slug)
    # Then it is gone from its URL and its listing
    assert page.status_code == 404
    assert status == 200
    assert not shown
    item.refresh_from_db()
    assert item.expired
    assert not item.live


def test_a_revision_scheduled_on_a_live_page_replaces_it_at_ten(site: Any, client: Client) -> None:
    # Given a live item whose corrected title is scheduled for 10:00
    with clock(NINE):
        item = factories.news(title="Bản trước")
        client.get(item.url)  # cached
        item.title = "Bản sau 10 giờ"
        item.go_live_at = TEN
        item.save_revision(approved_go_live_at=TEN).publish()
    with clock(BEFORE):
        assert "Bản trước" in client.get(item.url).content.decode()
    with clock(TEN):
        assert "Bản sau 10 giờ" in client.get(item.url).content.decode()


def test_one_failing_revision_does_not_make_every_request_try_again(
    site: Any, client: Client
) -> None:
    listing = _addresses()["listing"]
    with clock(NINE):
        _scheduled_item(TEN)
    with (
        clock(TEN),
        mock.patch("wagtail.models.Revision.publish", side_effect=RuntimeError("broken")),
    ):
        assert client.get(listing).status_code == 200
        # The next attempt from a request is a minute later; meanwhile pages are cached again
        assert cache.state().next_change == TEN.timestamp() + cache.RETRY_SECONDS
        assert client.get(listing)["X-Cache"] == "HIT"


class _BrokenCache:
    """A cache server that cannot be reached."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("cache unreachable")

        return fail


def test_with_the_cache_down_pages_are_served_uncached_and_still_on_time(
    site: Any, client: Client
) -> None:
    listing = _addresses()["listing"]
    with clock(NINE):
        slug = _scheduled_item(TEN).slug
    with mock.patch.object(cache, "_cache", return_value=_BrokenCache()):
        with clock(BEFORE):
            before = client.get(listing)
        with clock(TEN):
            after = client.get(listing)
            cache.purge("published")  # does not raise
    assert before.status_code == after.status_code == 200
    assert "X-Cache" not in after
    assert slug not in before.content.decode()
    assert slug in after.content.decode()


def test_an_operator_publishes_what_is_due_from_the_console(site: Any) -> None:
    with clock(NINE):
        item = _scheduled_item(TEN)
    out = io.StringIO()
    with clock(TEN):
        call_command("portal-purge", "--due", stdout=out)
    item.refresh_from_db()
    assert item.live
    assert "1 published, 0 expired, 0 failed" in out.getvalue()

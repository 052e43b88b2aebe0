"""The portal's page cache: a public page is rendered once and served to every reader until
something is published; a signed-in editor's page, a form or a private answer never is."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from chancery.core.constants import Role
from chancery.core.tests.factories import UserFactory
from chancery.lib.fakeserver import FakeHandler, FakeServer
from chancery.portal import cache
from chancery.portal import models as m
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def test_a_page_is_rendered_once_then_served_from_the_cache(site: Any, client: Client) -> None:
    # Given a published news item
    item = factories.news(title="Thông cáo về hội nghị")
    # When two readers open it
    first = client.get(item.url)
    second = client.get(item.url)
    # Then the first rendered it and the second got the same page from the cache
    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "Thông cáo về hội nghị" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    # And a CDN in front may keep it as long as the server does, a browser only briefly
    assert "public" in second["Cache-Control"]
    assert "s-maxage=300" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]
    assert second["Age"] == "0"


def test_a_cached_page_is_served_without_touching_the_database(
    site: Any, client: Client, django_assert_num_queries: Any
) -> None:
    item = factories.news()
    client.get(item.url)
    with django_assert_num_queries(0):
        response = client.get(item.url)
    assert response["X-Cache"] == "HIT"


def test_a_head_request_is_answered_from_the_cached_page(site: Any, client: Client) -> None:
    item = factories.news()
    client.get(item.url)
    response = client.head(item.url)
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_a_publication_purges_the_cache(
    site: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # Given a news item read once (cached)
    item = factories.news(title="Bản cũ")
    client.get(item.url)
    # When an editor publishes a correction
    item.title = "Bản đã sửa"
    with django_capture_on_commit_callbacks(execute=True):
        factories.publish(item)
    # Then the next reader gets the correction, freshly rendered
    response = client.get(item.url)
    assert response["X-Cache"] == "MISS"
    assert "Bản đã sửa" in response.content.decode()


def test_the_purge_command_makes_every_page_stale(site: Any, client: Client) -> None:
    item = factories.news()
    client.get(item.url)
    call_command("portal-purge", "--reason", "test")
    assert client.get(item.url)["X-Cache"] == "MISS"
    assert client.get(item.url)["X-Cache"] == "HIT"


def test_purge_is_idempotent_and_works_on_an_empty_cache(site: Any, client: Client) -> None:
    caches["portal"].clear()
    cache.purge("first")
    cache.purge("again")
    item = factories.news()
    assert client.get(item.url)["X-Cache"] == "MISS"
    assert client.get(item.url)["X-Cache"] == "HIT"


def test_a_signed_in_editors_view_is_never_stored_nor_served_from_the_cache(
    site: Any, client: Client
) -> None:
    # Given an editor signed in, reading a page (Wagtail shows editors its userbar there)
    item = factories.news()
    editor = Client()
    editor.force_login(UserFactory(roles=[Role.EDITOR.value]))
    editors_page = editor.get(item.url)
    assert editors_page.status_code == 200
    assert "X-Cache" not in editors_page
    # Then a reader does not get the editor's page: it is rendered for them
    assert client.get(item.url)["X-Cache"] == "MISS"
    # And the editor never gets the readers' cached copy
    assert "X-Cache" not in editor.get(item.url)


def test_the_order_of_parameters_and_tracking_parameters_share_one_entry(
    site: Any, client: Client
) -> None:
    listing = factories.section(m.NewsIndexPage, "vi").url
    assert client.get(f"{listing}?page=1&x=2")["X-Cache"] == "MISS"
    assert client.get(f"{listing}?x=2&page=1&utm_source=facebook")["X-Cache"] == "HIT"
    assert client.get(f"{listing}?page=2")["X-Cache"] == "MISS"


def test_nothing_is_cached_when_the_cache_is_disabled(
    site: Any, client: Client, settings: Any
) -> None:
    settings.CHANCERY_PORTAL_CACHE_ENABLED = False
    item = factories.news()
    client.get(item.url)
    assert "X-Cache" not in client.get(item.url)


def test_forms_and_pages_outside_the_portal_are_not_cached(site: Any) -> None:
    factory = RequestFactory()
    for path in ("/vi/ask/", "/en/subscribe/", "/fr/subscriptions/abc/confirm/"):
        assert cache._kind(factory.get(path)) is None, path
    assert cache._kind(factory.post("/vi/tin-tuc/")) is None
    assert not cache.in_portal("/cms/pages/")
    assert not cache.in_portal("/services/")
    assert cache.in_portal("/sitemap.xml")
    # A search with a query is cached, for a shorter time
    assert cache._kind(factory.get("/vi/search/", {"q": "visa"})) == "search"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda r: r.set_cookie("x", "1"), "sets a cookie"),
        (lambda r: r.__setitem__("Cache-Control", "private"), "is private"),
        (lambda r: r.__setitem__("Cache-Control", "no-store"), "says no-store"),
        (lambda r: r.__setitem__("Vary", "Authorization"), "varies on who asks"),
    ],
)
def test_a_response_that_is_not_the_same_for_everyone_is_not_stored(change: Any, why: str) -> None:
    request = RequestFactory().get("/vi/")
    response = HttpResponse("page")
    assert cache.storable(request, response)
    change(response)
    assert not cache.storable(request, response), why


def test_a_page_that_used_the_csrf_token_is_not_stored() -> None:
    # Given a page whose template asked for the CSRF token (a form), for a visitor who
    # already holds the CSRF cookie (so no new cookie is set)
    request = RequestFactory().get("/vi/")
    request.META["CSRF_COOKIE"] = "x" * 32
    get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # what the middleware leaves behind
    # Then it is not stored: the token is the visitor's own
    assert not cache.storable(request, HttpResponse("form"))


def test_a_search_is_cached_briefly_by_its_query(site: Any, client: Client) -> None:
    key_a = cache.page_key(RequestFactory().get("/vi/search/", {"q": "visa"}), 1)
    key_b = cache.page_key(RequestFactory().get("/vi/search/", {"q": "hộ chiếu"}), 1)
    assert key_a != key_b
    assert cache._search_seconds() == 60


class _FakeCdn(FakeServer):
    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.received = threading.Event()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(FakeHandler):
            def do_PURGE(self) -> None:
                self._record()

            def do_BAN(self) -> None:
                self._record()

            def _record(self) -> None:
                fake.requests.append((self.command, dict(self.headers.items())))
                fake.received.set()
                self.send_json(fake.status, {"status": "ok"})

        return Handler


def test_a_purge_is_sent_to_the_cdn_when_one_is_configured(site: Any, settings: Any) -> None:
    with _FakeCdn() as edge:
        settings.CHANCERY_PORTAL_CDN = "http"
        settings.CHANCERY_PORTAL_CDN_PURGE_URLS = [f"{edge.base_url}/"]
        settings.CHANCERY_PORTAL_CDN_PURGE_METHOD = "BAN"
        settings.CHANCERY_PORTAL_CDN_PURGE_TOKEN = "edge-secret"
        settings.CHANCERY_SITE_URL = "https://mofa.gov.vn"
        cache.purge("published 42")
    [(method, headers)] = edge.requests
    assert method == "BAN"
    assert headers["Authorization"] == "Bearer edge-secret"
    assert headers["X-Host"] == "mofa.gov.vn"
    assert headers["X-Purge-Reason"] == "published 42"


def test_a_cdn_that_fails_does_not_stop_the_purge(site: Any, settings: Any, client: Client) -> None:
    item = factories.news()
    client.get(item.url)
    with _FakeCdn(status=500) as edge:
        settings.CHANCERY_PORTAL_CDN = "http"
        settings.CHANCERY_PORTAL_CDN_PURGE_URLS = [f"{edge.base_url}/", "http://127.0.0.1:9/"]
        cache.purge("published")
    assert len(edge.requests) == 1
    assert client.get(item.url)["X-Cache"] == "MISS"


def test_no_cdn_is_told_anything_by_default(settings: Any) -> None:
    assert isinstance(cache.cdn(), cache.NoCdn)
    settings.CHANCERY_PORTAL_CDN = "unknown"
    assert isinstance(cache.cdn(), cache.NoCdn)


def test_a_process_may_keep_the_generation_briefly_and_still_sees_its_own_purges(
    site: Any, client: Client, settings: Any
) -> None:
    settings.CHANCERY_PORTAL_CACHE_MEMO_SECONDS = 5
    item = factories.news()
    assert client.get(item.url)["X-Cache"] == "MISS"
    assert client.get(item.url)["X-Cache"] == "HIT"
    cache.purge("published")
    assert client.get(item.url)["X-Cache"] == "MISS"


def test_the_process_keeps_recent_pages_within_its_bounds_and_replaces_a_stale_one() -> None:
    pages = cache._Pages(entries=2, size=10)

    def entry(content: bytes, fresh_until: float = 100.0) -> cache.Entry:
        return cache.Entry(200, [], content, 0.0, fresh_until)

    pages.put("a", entry(b"1234"))
    pages.put("b", entry(b"1234"))
    assert pages.get("a") is not None  # "a" is now the most recently used
    pages.put("c", entry(b"1234"))  # over the count: the least recently used ("b") goes
    assert pages.get("b") is None
    assert pages.get("a") is not None
    assert pages.get("c") is not None
    pages.put("d", entry(b"123456789"))  # over the bytes: the oldest go until it fits
    assert pages.get("d") is not None
    assert pages.used <= 10
    renewed = entry(b"1", fresh_until=200.0)
    pages.put("d", renewed)  # the same key stored again (it had gone stale) replaces it
    assert pages.get("d") is renewed
    assert pages.used == 1

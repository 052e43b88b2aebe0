"""The portal cache's WSGI front (``chancery.wsgi.application``): a cached page is answered
before Django builds a request, exactly as the middleware would answer it; anything the front
must not answer reaches Django unchanged."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from prometheus_client import REGISTRY

from chancery.portal import cache
from chancery.portal.front import PortalFront
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db

HOST = "testserver"


class Django:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def django_app() -> Iterator[Django]:
    # As Django's test client does: the handler's signals would close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield Django()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call(
    app: Any, path: str, method: str = "GET", **extra: str
) -> tuple[str, dict[str, str], bytes]:
    meta: dict[str, Any] = {"HTTP_HOST": HOST, **extra}
    environ = RequestFactory().generic(method, path, **meta).environ
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


def test_a_cached_page_is_answered_by_the_front_as_the_middleware_answers_it(
    site: Any, django_app: Django
) -> None:
    # Given a news item read once through the front (Django renders and stores it)
    item = factories.news(title="Thông cáo về hội nghị")
    front = PortalFront(django_app)
    status, first, body = call(front, item.url)
    assert (status, first["X-Cache"], django_app.calls) == ("200 OK", "MISS", 1)
    # When the next reader asks
    hits = _front_hits()
    status, headers, again = call(front, item.url)
    # Then the front answers it without Django, with the page and headers the middleware gives
    assert django_app.calls == 1
    assert _front_hits() == hits + 1  # and counts it in the metrics
    assert status == "200 OK"
    assert again == body
    assert "Thông cáo về hội nghị" in again.decode()
    through_django = Client(HTTP_HOST=HOST).get(item.url)
    assert through_django["X-Cache"] == headers["X-Cache"] == "HIT"
    assert set(headers) == set(through_django.headers)
    for name in ("Content-Type", "Content-Length", "Cache-Control", "Content-Language"):
        assert headers.get(name) == through_django.headers.get(name), name
    # And a HEAD request gets the headers without the body
    status, head, nothing = call(front, item.url, "HEAD")
    assert (status, nothing, django_app.calls) == ("200 OK", b"", 1)
    assert head["Content-Length"] == str(len(body))


def _requests_of_hits(method: str = "GET") -> float:
    labels = {"route": cache.HIT_ROUTE, "method": method, "status": "200"}
    return REGISTRY.get_sample_value("chancery_http_requests_total", labels) or 0.0


def _latency_of_hits() -> float:
    labels = {"route": cache.HIT_ROUTE, "method": "GET", "status": "200"}
    return REGISTRY.get_sample_value("chancery_http_request_duration_seconds_count", labels) or 0.0


def test_each_hit_has_its_own_request_id_and_is_counted_with_every_other_request(
    site: Any, django_app: Django
) -> None:
    item = factories.news(title="Thông cáo báo chí")
    front = PortalFront(django_app)
    _status, first, _body = call(front, item.url)  # rendered and stored by Django
    requests, timed = _requests_of_hits(), _latency_of_hits()

    # The front's hits: the reader's own id when it is sane, a new one otherwise
    _status, mine, _body = call(front, item.url, HTTP_X_REQUEST_ID="proxy-1234")
    _status, new, _body = call(front, item.url, HTTP_X_REQUEST_ID="bad id\n")
    # Django's hits (the middleware, as under the test client) do the same
    through_django = Client(HTTP_HOST=HOST).get(item.url, HTTP_X_REQUEST_ID="proxy-5678")
    other = Client(HTTP_HOST=HOST).get(item.url)

    assert mine["X-Cache"] == new["X-Cache"] == through_django["X-Cache"] == other["X-Cache"]
    assert mine["X-Request-ID"] == "proxy-1234"
    assert through_django["X-Request-ID"] == "proxy-5678"
    ids = {first["X-Request-ID"], new["X-Request-ID"], other["X-Request-ID"]}
    assert len(ids) == 3  # never the id of the request that rendered the page
    assert all(len(one) == 32 for one in ids)
    assert _requests_of_hits() == requests + 4
    assert _latency_of_hits() == timed + 4
    assert django_app.calls == 1
    # and the page was stored without the id of the request that rendered it
    entry = cache.cached_entry(cache.key_of(cache.state().generation, "http", HOST, item.url, ""))
    assert entry is not None
    assert "x-request-id" not in {name.lower() for name, _value in entry.headers}


def _front_hits() -> float:
    labels = {"outcome": "hit", "by": "front"}
    return REGISTRY.get_sample_value("chancery_portal_cache_answers_total", labels) or 0.0


@pytest.mark.parametrize(
    ("method", "path_of", "extra", "why"),
    [
        ("GET", None, {"HTTP_COOKIE": "sessionid=abc"}, "a session (a signed-in editor)"),
        ("GET", None, {"HTTP_COOKIE": "messages=abc"}, "a pending message"),
        ("POST", None, {}, "a method other than GET and HEAD"),
        ("GET", None, {"SCRIPT_NAME": "/mounted"}, "a script prefix"),
        ("GET", None, {"HTTP_HOST": "evil.example"}, "a host no page was stored under"),
        ("GET", "/sitemap.xml", {}, "the sitemap (its language comes from the request)"),
        ("GET", "/vi/ask/", {}, "a form"),
        ("GET", "/healthz", {}, "a path outside the portal"),
    ],
)
def test_the_front_leaves_to_django_what_it_must_not_answer(
    site: Any, django_app: Django, method: str, path_of: str | None, extra: dict[str, str], why: str
) -> None:
    item = factories.news()
    front = PortalFront(django_app)
    path = path_of or item.url
    call(front, path)
    call(front, path)  # cached now, when it may be
    before = django_app.calls
    call(front, path, method, **extra)
    assert django_app.calls == before + 1, why


def test_after_a_purge_the_page_is_rendered_again_by_django(site: Any, django_app: Django) -> None:
    item = factories.news()
    front = PortalFront(django_app)
    call(front, item.url)
    cache.purge("published")
    assert call(front, item.url)[1]["X-Cache"] == "MISS"
    assert call(front, item.url)[1]["X-Cache"] == "HIT"
    assert django_app.calls == 2


def test_a_due_scheduled_change_goes_to_django_which_publishes_it_first(
    site: Any, django_app: Django
) -> None:
    item = factories.news()
    front = PortalFront(django_app)
    call(front, item.url)
    caches["portal"].set(cache.NEXT_CHANGE_KEY, time.time() - 1, timeout=None)
    cache._forget_memo()
    call(front, item.url)
    assert django_app.calls == 2


def test_a_state_the_cache_lost_or_a_cache_error_goes_to_django(
    site: Any, django_app: Django, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = factories.news()
    front = PortalFront(django_app)
    call(front, item.url)
    caches["portal"].delete(cache.NEXT_CHANGE_KEY)  # evicted: only Django reads the database
    cache._forget_memo()
    assert call(front, item.url)[1]["X-Cache"] == "HIT"  # the middleware answered it
    assert django_app.calls == 2

    def broken() -> None:
        raise ConnectionError("the cache server is down")

    monkeypatch.setattr(cache, "known_state", broken)
    assert call(front, item.url)[1]["X-Cache"] == "HIT"  # the middleware answered it
    assert django_app.calls == 3


def test_chancery_serves_django_behind_the_front() -> None:
    from chancery.wsgi import application

    assert isinstance(application, PortalFront)
    assert isinstance(application.application, WSGIHandler)

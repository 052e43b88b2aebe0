"""The portal cache's WSGI front: a cached page answered before Django builds a request.

``chancery.wsgi.application`` (what ``chancery serve`` runs) is Django wrapped in
``PortalFront``. Under a news spike nearly every request is a reader without a session asking
for a page already cached; building Django's request and response objects, sending its
request signals and walking the middleware costs more than finding the page. The front finds
it from the WSGI environment with the cache's own rules and keys (``cache.kind_of``,
``cache.key_of``, ``cache.marks``), so the answer is the one the middleware would give, byte for
byte, headers included.

It only ever answers a hit. Anything else goes to Django unchanged, where
``PortalCacheMiddleware`` decides, stores and also answers hits (under the test client, or any
server that loads Django's own handler): a path outside the portal, the sitemap, a method other
than GET and HEAD, a session or messages cookie (matched on the raw Cookie header, so that any
doubt passes), a script prefix, a scheduled change that is due (the middleware publishes it
first), a state the cache does not hold whole, a cache error, a page that is not cached.
A Host that Django would refuse never finds a page: keys are only made from hosts it accepted.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import get_path_info

from chancery.core.observability import request_id_for
from chancery.portal import cache

logger = logging.getLogger("chancery.portal.cache")

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
Answer = tuple[str, list[tuple[str, str]], bytes]


class PortalFront:
    """WSGI middleware: a cached portal page straight from the cache, everything else to
    ``application``."""

    def __init__(self, application: Callable[[Environ, StartResponse], Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        hit = answer(environ)
        if hit is None:
            return self.application(environ, start_response)
        status, headers, body = hit
        start_response(status, headers)
        return [body]


class _RawCookies:
    """``name in cookies`` over the raw header: a name anywhere in it counts, so a request
    that might carry the cookie goes to Django, which parses it."""

    __slots__ = ("header",)

    def __init__(self, header: str) -> None:
        self.header = header

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.header


def answer(environ: Environ) -> Answer | None:
    """The status line, headers and body of the cached page for ``environ``, or ``None``."""
    started = time.perf_counter()
    if environ.get("SCRIPT_NAME") or settings.FORCE_SCRIPT_NAME:
        return None
    path = get_path_info(environ) or "/"
    if path == "/sitemap.xml" or not cache.in_portal(path):
        return None
    method = environ.get("REQUEST_METHOD", "")
    cookies = _RawCookies(environ.get("HTTP_COOKIE", ""))
    host = _host(environ)
    if host is None or cache.kind_of(method, path, environ, cookies) is None:
        return None
    now = time.time()
    try:
        current = cache.known_state()
        if current is None or current.due(now):
            return None
        key = cache.key_of(
            current.generation, _scheme(environ), host, path, environ.get("QUERY_STRING", "")
        )
        entry = cache.cached_entry(key)
    except Exception:
        logger.warning("portal cache front: lookup failed; passing to Django", exc_info=True)
        return None
    if not cache.serves(entry, now, current):
        return None
    request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
    headers = [
        *entry.headers,
        *cache.marks("HIT", now, entry, current),
        ("X-Request-ID", request_id),
    ]
    status = f"{entry.status} {HTTPStatus(entry.status).phrase}"
    cache.count_hit(cache.FRONT_HITS, method, entry.status, started)  # GET or HEAD
    return status, headers, b"" if method == "HEAD" else entry.content


def _host(environ: Environ) -> str | None:
    """The host as ``HttpRequest.get_host()`` reads it, unvalidated (see the module's doc)."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return str(environ["HTTP_X_FORWARDED_HOST"])
    host = environ.get("HTTP_HOST")
    return str(host) if host else None


def _scheme(environ: Environ) -> str:
    """The scheme as ``HttpRequest.scheme`` reads it (behind a proxy, its header)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if str(value).split(",", 1)[0].strip() == secure else "http"
    return str(environ.get("wsgi.url_scheme", "http"))

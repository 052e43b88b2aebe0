"""The portal's full-page cache: every reader gets the same page, so it is rendered once.

What is cached: GET and HEAD of the public portal (paths under a language prefix, /vi/ /en/ /fr/,
and /sitemap.xml), when ``CHANCERY_PORTAL_CACHE_ENABLED``; never the forms (ask, subscribe,
subscriptions), never a request carrying a session (a signed-in editor sees the CMS's userbar on
pages) or a pending message, and never a response that is not a plain public 200: one that sets
a cookie, used the CSRF token, says ``private``/``no-store``/``no-cache``, or varies on anything
but the language. Search results (``search/?q=...``) are cached too, for a shorter time
(``CHANCERY_PORTAL_SEARCH_CACHE_SECONDS``), keyed by the normalised query string: the portal's
search is its most expensive page, the same few queries ("visa", "hộ chiếu") come in bursts
after a news event, and the results are the same for every reader; a purge drops them with
everything else, so a new publication shows in them at once.

Staleness is handled by a *generation*: every key carries the current generation number and
``purge()`` increments it (atomically in Redis), so every page cached before is never read again
(it expires on its own). Beside the generation the cache holds the *next scheduled change*: the
earliest approved go-live time of a pending revision or expiry time of a live page. A request at
or after that moment first runs the due publication itself (``scheduling.publish_due``, one
process at a time under a PostgreSQL advisory lock), which purges, and only then looks the page
up: a page cached at 09:59 is never served at 10:00 when something goes live at 10:00, whether
or not the minute job has run yet. A CDN in front is told the same through ``Cache-Control``
(its freshness never runs past the next scheduled change) and the purge adapter (``CDN``).

The hit path is the first middleware: one ``get_many`` (generation and next change, kept by
each thread for ``CHANCERY_PORTAL_CACHE_MEMO_SECONDS``) and one ``get`` (the page, kept by each
process for a while), no database, no session, no other middleware. In ``chancery serve`` the
WSGI front (``front.py``) answers hits with the same functions before Django is even entered.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Container, Mapping
from dataclasses import astuple, dataclass
from typing import Any, Protocol, TypeGuard

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from chancery.core import metrics
from chancery.core.metrics import PORTAL_CACHE
from chancery.core.observability import method_label, request_id_for

logger = logging.getLogger("chancery.portal.cache")

_DJANGO_HITS = PORTAL_CACHE.labels("hit", "django")
_DJANGO_MISSES = PORTAL_CACHE.labels("miss", "django")
FRONT_HITS = PORTAL_CACHE.labels("hit", "front")

ALIAS = "portal"
GENERATION_KEY = "portal:generation"
NEXT_CHANGE_KEY = "portal:next-change"
NOTHING_SCHEDULED = 0.0  # the next change's value when nothing is scheduled
# The first path segments (after the language) of pages that hold a form or a personal link.
NEVER_CACHED = frozenset({"ask", "subscribe", "subscriptions"})
# Query parameters that change nothing on the page: dropped from the key, so that a campaign
# link does not render the page again for every click.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "_ga"})
# Response headers that are computed on every answer, not stored (the request id is each
# request's own: a stored one would give every reader of the page the first reader's).
UNSTORED_HEADERS = frozenset(
    {"set-cookie", "age", "x-cache", "cache-control", "expires", "date", "x-request-id"}
)
# What is stored under a key changed with this number: entries of an earlier one are never read.
KEY_VERSION = 2
# The route name of a hit in the request metrics (a hit resolves no URL).
HIT_ROUTE = "portal:cached-page"
# A response may vary on the language (the unprefixed sitemap's key carries it) or on the
# cookie (a request with a session or messages cookie is never cached); on nothing else.
ALLOWED_VARY = frozenset({"cookie", "accept-language"})
# How long a browser may keep a page (it cannot be purged); the CDN gets the full time.
BROWSER_SECONDS = 60
# When the due publication failed, try again from a request at most this often.
RETRY_SECONDS = 60.0


def _cache() -> BaseCache:
    return caches[ALIAS]


def _seconds() -> int:
    return int(settings.CHANCERY_PORTAL_CACHE_SECONDS)


def _search_seconds() -> int:
    return min(_seconds(), int(getattr(settings, "CHANCERY_PORTAL_SEARCH_CACHE_SECONDS", 60)))


def _memo_seconds() -> float:
    return float(getattr(settings, "CHANCERY_PORTAL_CACHE_MEMO_SECONDS", 0) or 0)


# --- the generation and the next scheduled change -----------------------------------------


@dataclass(frozen=True)
class State:
    generation: int
    next_change: float  # epoch seconds; NOTHING_SCHEDULED when nothing is scheduled

    def due(self, now: float) -> bool:
        return self.next_change != NOTHING_SCHEDULED and now >= self.next_change


class _Memo(threading.local):
    """This thread's copy of the state, for at most ``CHANCERY_PORTAL_CACHE_MEMO_SECONDS``
    (1 s by default; 0 turns it off). The embargo holds with it: the next change travels with
    the generation and is compared with the clock on every request, so nothing goes live early.
    What it costs: a purge made by another process or thread (an editor's publication or
    withdrawal) reaches this one up to that long later."""

    state: State | None = None
    until: float = 0.0


_memo = _Memo()


def _forget_memo() -> None:
    _memo.state = None
    _memo.until = 0.0


def forget_local() -> None:
    """Drop what this process keeps (the memo, the recent pages): after the shared cache was
    cleared by hand, e.g. between tests."""
    _forget_memo()
    _pages.clear()


def _fresh_generation(cache: BaseCache) -> int:
    """A generation when the cache has none (first start, or evicted): the clock in
    milliseconds, above any generation counted before, so that no old page is read again."""
    cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
    return int(cache.get(GENERATION_KEY) or int(time.time() * 1000))


def state() -> State:
    """The current generation and next scheduled change (computed when the cache lost it)."""
    current, values = _known_state()
    if current is not None:
        return current
    generation = values.get(GENERATION_KEY)
    if generation is None:
        generation = _fresh_generation(_cache())
    next_change = values.get(NEXT_CHANGE_KEY)
    if next_change is None:
        next_change = refresh_schedule()
    return _remember(State(int(generation), float(next_change)))


def known_state() -> State | None:
    """The state when the memo or the cache holds all of it; ``None`` otherwise. Never reads
    the database nor writes the cache (the WSGI front then leaves the request to Django)."""
    return _known_state()[0]


def _known_state() -> tuple[State | None, dict[str, Any]]:
    if _memo.state is not None and time.monotonic() < _memo.until and _memo_seconds():
        return _memo.state, {}
    values = _cache().get_many([GENERATION_KEY, NEXT_CHANGE_KEY])
    generation, next_change = values.get(GENERATION_KEY), values.get(NEXT_CHANGE_KEY)
    if generation is None or next_change is None:
        return None, values
    return _remember(State(int(generation), float(next_change))), values


def _remember(current: State) -> State:
    memo_seconds = _memo_seconds()
    if memo_seconds:
        _memo.state, _memo.until = current, time.monotonic() + memo_seconds
    return current


def refresh_schedule(*, postpone_due: bool = False) -> float:
    """Read the next scheduled change from the database and keep it in the cache.

    ``postpone_due`` (after a due publication ran): a change still due then is one whose
    publication failed; the next attempt from a request is put ``RETRY_SECONDS`` later, so that
    a broken revision does not make every request try again (the minute job keeps trying)."""
    from chancery.portal.scheduling import next_scheduled_change

    at = next_scheduled_change()
    value = NOTHING_SCHEDULED if at is None else at.timestamp()
    now = timezone.now().timestamp()
    if postpone_due and value != NOTHING_SCHEDULED and value <= now:
        value = now + RETRY_SECONDS
    _cache().set(NEXT_CHANGE_KEY, value, timeout=None)
    _forget_memo()
    return value


def note_scheduled(at: Any) -> None:
    """A revision was scheduled for ``at``: bring the next change forward now, without waiting
    for the transaction to commit (an early next change only makes a request look again)."""
    cache = _cache()
    current = cache.get(NEXT_CHANGE_KEY)
    if current is None:
        return  # computed from the database on the next request
    value = at.timestamp()
    if current == NOTHING_SCHEDULED or value < float(current):
        cache.set(NEXT_CHANGE_KEY, value, timeout=None)
    _forget_memo()


def purge(reason: str, *, postpone_due: bool = False) -> None:
    """Make every cached portal page stale, here and at the CDN; idempotent and cheap (one
    increment, a few small aggregate queries for the next scheduled change, one CDN call).

    Called after every publication, withdrawal and due scheduled change, by the outbox's
    cache step and by ``chancery portal-purge``. Never raises: a purge that fails is logged
    and the pages age out after ``CHANCERY_PORTAL_CACHE_SECONDS``."""
    cache = _cache()
    try:
        try:
            generation = cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet: a fresh one is above every earlier one
            generation = _fresh_generation(cache) + 1
            cache.set(GENERATION_KEY, generation, timeout=None)
        refresh_schedule(postpone_due=postpone_due)
    except Exception:
        logger.exception("portal cache: purge failed (%s)", reason)
    else:
        logger.info("portal cache purged: %s (generation %s)", reason, generation)
    finally:
        _forget_memo()
    try:
        cdn().purge(reason)
    except Exception:
        logger.exception("portal cache: the CDN purge failed (%s)", reason)


# --- which requests and responses ---------------------------------------------------------


def _languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def in_portal(path: str) -> bool:
    """Whether ``path`` is a public portal page (under a language prefix, or the sitemap)."""
    if path == "/sitemap.xml":
        return True
    first = path[1:].split("/", 1)[0]
    return path.startswith(f"/{first}/") and first in _languages()


def _kind(request: HttpRequest) -> str | None:
    """``"page"``, ``"search"`` or ``None`` (not cached) for a request already in the portal."""
    return kind_of(request.method or "", request.path, request.META, request.COOKIES)


def kind_of(method: str, path: str, meta: Mapping[str, Any], cookies: Container[str]) -> str | None:
    """``_kind`` from the request's parts (the WSGI front has no request object): ``cookies``
    answers whether a cookie of that name came with it."""
    if method not in ("GET", "HEAD") or not settings.CHANCERY_PORTAL_CACHE_ENABLED:
        return None
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if path == "/sitemap.xml":
        return "page"
    segment = path[1:].split("/", 2)[1] if path.count("/") >= 2 else ""
    if segment in NEVER_CACHED:
        return None
    if segment == "search" and meta.get("QUERY_STRING"):
        return "search"
    return "page"


def normalised_query(query_string: str) -> str:
    """The query string sorted, without tracking parameters (utm_*, fbclid, ...)."""
    if not query_string:
        return ""
    pairs = [
        (name, value)
        for name, value in urllib.parse.parse_qsl(query_string, keep_blank_values=True)
        if not name.startswith("utm_") and name not in TRACKING_PARAMETERS
    ]
    return urllib.parse.urlencode(sorted(pairs))


def page_key(request: HttpRequest, generation: int) -> str | None:
    """The cache key of the request's page in ``generation``; ``None`` for a bad Host."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: the stack behind answers it
        return None
    language: tuple[str, ...] = ()
    if request.path == "/sitemap.xml":
        # The only cached path without a language: its language may come from the request.
        language = (
            str(request.META.get("HTTP_ACCEPT_LANGUAGE", "")),
            str(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")),
        )
    query = request.META.get("QUERY_STRING", "")
    return key_of(generation, request.scheme or "http", host, request.path, query, language)


def key_of(
    generation: int, scheme: str, host: str, path: str, query: str, language: tuple[str, ...] = ()
) -> str:
    """``page_key`` from the request's parts."""
    parts = [str(generation), scheme, host, path, normalised_query(query), *language]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return f"portal:page:v{KEY_VERSION}:{generation}:{digest}"


def storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the response is the same for every reader (see the module's docstring)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # Django 5 marks a request whose CSRF token was read with CSRF_COOKIE_NEEDS_UPDATE (set to
    # False again once the cookie is written, but never removed); older ones, CSRF_COOKIE_USED.
    meta = request.META
    if "CSRF_COOKIE_NEEDS_UPDATE" in meta or meta.get("CSRF_COOKIE_USED"):
        return False
    if getattr(request, "is_preview", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}
    return vary <= ALLOWED_VARY


# --- the middleware -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    stored_at: float
    fresh_until: float


class PortalCacheMiddleware:
    """First in the stack: answers a cached portal page without running anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not in_portal(request.path):
            return self.get_response(request)
        started = time.perf_counter()
        now = timezone.now().timestamp()
        try:
            current = state()
            if current.due(now):
                current = _publish_due()
        except Exception:
            # The cache is unreachable: serve from the database, uncached, still to the minute.
            logger.warning("portal cache: unavailable; serving uncached", exc_info=True)
            _publish_due_without_cache(now)
            return self.get_response(request)
        kind = _kind(request)
        key = page_key(request, current.generation) if kind else None
        if key is None:
            return self.get_response(request)
        cache = _cache()
        entry = cached_entry(key)
        if serves(entry, now, current):
            hit = _answer(entry, request, now, current)
            count_hit(_DJANGO_HITS, method_label(request.method or ""), entry.status, started)
            return hit
        response = self.get_response(request)
        if request.method == "GET" and kind and storable(request, response):
            lifetime = _search_seconds() if kind == "search" else _seconds()
            fresh_until = min(now + lifetime, _until(current))
            timeout = math.floor(fresh_until - now)
            if timeout >= 1:
                entry = Entry(
                    status=response.status_code,
                    headers=[
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in UNSTORED_HEADERS
                    ],
                    content=response.content,  # type: ignore[attr-defined]
                    stored_at=now,
                    fresh_until=fresh_until,
                )
                try:
                    # A plain tuple: it unpickles fast and survives a change of this module.
                    cache.set(key, astuple(entry), timeout=timeout)
                    _pages.put(key, entry)
                except Exception:
                    logger.warning("portal cache: a page could not be stored", exc_info=True)
                else:
                    _DJANGO_MISSES.inc()
                    _mark(response, "MISS", now, entry, current)
        return response


class _Pages:
    """The pages this process served last, by cache key: a hit then reads only the small state
    from the shared cache, not the page (a file read and a decompression, or a Redis round
    trip, of tens of kilobytes). Never stale: the key carries the generation, which every purge
    changes, and the entry its own freshness. Bounded by count and by bytes, least recently
    used out first."""

    def __init__(self, entries: int, size: int) -> None:
        self.entries, self.size = entries, size
        self.pages: OrderedDict[str, Entry] = OrderedDict()
        self.used = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            # Replaces an entry of the same key (one that outlived its freshness is stored again).
            previous = self.pages.pop(key, None)
            if previous is not None:
                self.used -= len(previous.content)
            self.pages[key] = entry
            self.used += len(entry.content)
            while self.pages and (len(self.pages) > self.entries or self.used > self.size):
                _key, dropped = self.pages.popitem(last=False)
                self.used -= len(dropped.content)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.used = 0


_pages = _Pages(entries=512, size=32 * 1024 * 1024)


def cached_entry(key: str) -> Entry | None:
    """The page stored under ``key``: this process's copy, else the shared cache's."""
    entry = _pages.get(key)
    if entry is not None and time.time() < entry.fresh_until:
        return entry
    try:
        value = _cache().get(key)
        entry = None if value is None else Entry(*value)
    except Exception:  # an entry from another version of the code, or a broken file
        return None
    if entry is not None:
        _pages.put(key, entry)
    return entry


def serves(entry: Entry | None, now: float, current: State) -> TypeGuard[Entry]:
    """Whether ``entry`` may answer now: fresh, and stored before the next scheduled change."""
    return entry is not None and now < min(entry.fresh_until, _until(current))


def _until(current: State) -> float:
    return math.inf if current.next_change == NOTHING_SCHEDULED else current.next_change


def _publish_due() -> State:
    """Run the due publication before serving (it purges); the state after it."""
    from chancery.portal import scheduling

    try:
        scheduling.publish_due(reason="request")
    except Exception:
        # Serving must go on: the page is rendered from the database (no stale copy, since
        # the generation is bumped below), and the minute job tries the publication again.
        logger.exception("portal cache: the due publication failed from a request")
        purge("due publication failed", postpone_due=True)
    _forget_memo()
    return state()


def _publish_due_without_cache(now: float) -> None:
    """With the cache down, the next change is read from the database on every request (two
    small aggregate queries), so that the embargo still holds to the minute."""
    from chancery.portal import scheduling

    try:
        at = scheduling.next_scheduled_change()
        if at is not None and at.timestamp() <= now:
            scheduling.publish_due(reason="request, cache unavailable")
    except Exception:
        logger.exception("portal cache: the due publication failed from a request")


def _answer(entry: Entry, request: HttpRequest, now: float, current: State) -> HttpResponse:
    body = b"" if request.method == "HEAD" else entry.content
    response = HttpResponse(body, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    _mark(response, "HIT", now, entry, current)
    response["X-Request-ID"] = request_id_for(request.headers.get("X-Request-ID", ""))
    return response


def count_hit(hits: Any, method: str, status: int, started: float) -> None:
    """Count a hit in ``hits`` (the front's or Django's) and in the request metrics of every
    route (``chancery_http_requests_total``, its latency and its queries: none), under
    ``HIT_ROUTE``, timed from ``started`` (``time.perf_counter()``)."""
    elapsed = time.perf_counter() - started
    hits.inc()
    key = (method, status)
    children = _hit_metrics.get(key)
    if children is None:
        children = _hit_metrics.setdefault(key, metrics.request_metrics(HIT_ROUTE, *key))
    children.observe(elapsed, 0)


# The labelled metrics of hits by method and status, looked up once (a hit is counted on every
# cached answer: finding the children each time would cost a third of counting).
_hit_metrics: dict[tuple[str, int], metrics.RequestMetrics] = {}


def _mark(
    response: HttpResponseBase, outcome: str, now: float, entry: Entry, current: State
) -> None:
    for name, value in marks(outcome, now, entry, current):
        response[name] = value


def marks(outcome: str, now: float, entry: Entry, current: State) -> list[tuple[str, str]]:
    """``X-Cache``, ``Age`` and a ``Cache-Control`` whose freshness never runs past the entry's
    (which never runs past the next scheduled change)."""
    age = max(0, int(now - entry.stored_at))
    remaining = max(0, math.floor(min(entry.fresh_until, _until(current)) - now))
    control = f"public, max-age={age + min(BROWSER_SECONDS, remaining)}, s-maxage={age + remaining}"
    return [("X-Cache", outcome), ("Age", str(age)), ("Cache-Control", control)]


# --- the CDN ------------------------------------------------------------------------------


class CdnPurger(Protocol):
    def purge(self, reason: str) -> None: ...


class NoCdn:
    """No CDN in front (the default): nothing to tell."""

    def purge(self, reason: str) -> None:
        return None


class HttpPurge:
    """A generic HTTP purge or ban, as Varnish, Fastly-style and nginx caches take it: one
    request of ``CHANCERY_PORTAL_CDN_PURGE_METHOD`` (PURGE by default; BAN for Varnish bans)
    to each of ``CHANCERY_PORTAL_CDN_PURGE_URLS`` (comma-separated, one per edge), with the
    token of ``CHANCERY_PORTAL_CDN_PURGE_TOKEN`` as a bearer, the public host in ``X-Host``
    and a ban expression ``X-Ban-Url: .*`` (everything). A failure is logged, not raised."""

    def __init__(
        self,
        urls: list[str],
        *,
        method: str = "PURGE",
        token: str = "",
        host: str = "",
        timeout: float = 3.0,
    ) -> None:
        self.urls, self.method, self.token = urls, method.upper(), token
        self.host, self.timeout = host, timeout

    @classmethod
    def from_settings(cls) -> HttpPurge:
        site = urllib.parse.urlsplit(str(getattr(settings, "CHANCERY_SITE_URL", "") or ""))
        return cls(
            list(getattr(settings, "CHANCERY_PORTAL_CDN_PURGE_URLS", [])),
            method=str(getattr(settings, "CHANCERY_PORTAL_CDN_PURGE_METHOD", "PURGE")),
            token=str(getattr(settings, "CHANCERY_PORTAL_CDN_PURGE_TOKEN", "") or ""),
            host=site.netloc,
            timeout=float(getattr(settings, "CHANCERY_PORTAL_CDN_PURGE_TIMEOUT", 3)),
        )

    def purge(self, reason: str) -> None:
        for url in self.urls:
            headers = {"X-Ban-Url": ".*", "X-Purge-Reason": reason[:200]}
            if self.host:
                headers["X-Host"] = self.host
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            request = urllib.request.Request(url, method=self.method, headers=headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:  # noqa: S310
                    answer.read()
            except (urllib.error.URLError, OSError) as exc:
                logger.warning("portal cache: CDN purge of %s failed: %s", url, exc)


CDN_ADAPTERS: dict[str, Callable[[], CdnPurger]] = {
    "none": NoCdn,
    "http": HttpPurge.from_settings,
}


def register_cdn(name: str, factory: Callable[[], CdnPurger]) -> None:
    """Add a CDN adapter (``CHANCERY_PORTAL_CDN=<name>`` selects it)."""
    CDN_ADAPTERS[name] = factory


def cdn() -> CdnPurger:
    """The configured adapter (``CHANCERY_PORTAL_CDN``, "none" by default)."""
    name = str(getattr(settings, "CHANCERY_PORTAL_CDN", "none") or "none")
    try:
        return CDN_ADAPTERS[name]()
    except KeyError:
        logger.warning("portal cache: unknown CDN adapter %r; nothing purged there", name)
        return NoCdn()

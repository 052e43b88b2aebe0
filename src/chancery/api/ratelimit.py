"""Rate limits of the API, counted in PostgreSQL so that every process on every machine agrees.

Each caller (a token, a signed-in user, or for anonymous requests a client address, IPv6 by
/64) has one counter per class of endpoint. A counter is a fixed window: one atomic
``INSERT ... ON CONFLICT DO UPDATE`` per request increments it or, once the window has passed,
starts the next one. Classes and their rates come from ``CHANCERY_API_RATE_LIMITS``
(``"read=1200/60,write=120/60"``); an endpoint picks its class with
``core.service.rate_limit_class``, otherwise safe methods count as ``read`` and the others as
``write``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.utils.translation import gettext_lazy as _

from chancery.lib.netaddr import client_address
from chancery.lib.problems import RATE_LIMITED, Problem

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

    from chancery.core.service import Principal

DEFAULT_RATES = {"read": "1200/60", "write": "120/60", "anonymous": "60/60"}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_UPSERT = """
INSERT INTO api_ratelimitcounter AS counter (bucket, window_start, hits)
VALUES (%s, %s, 1)
ON CONFLICT (bucket) DO UPDATE SET
    hits = CASE WHEN EXCLUDED.window_start > counter.window_start THEN 1
                ELSE counter.hits + 1 END,
    window_start = GREATEST(counter.window_start, EXCLUDED.window_start)
RETURNING hits, window_start
"""


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        requests, _sep, seconds = text.partition("/")
        try:
            rate = cls(int(requests), int(seconds))
        except ValueError as exc:
            raise ImproperlyConfigured(f"rate {text!r} is not requests/seconds") from exc
        if rate.requests < 1 or rate.seconds < 1:
            raise ImproperlyConfigured(f"rate {text!r} must be positive")
        return rate


@dataclass(frozen=True)
class Decision:
    """The outcome of counting one request, and what the RateLimit headers say about it."""

    rate: Rate
    hits: int
    reset: int  # seconds until the window ends

    @property
    def allowed(self) -> bool:
        return self.hits <= self.rate.requests

    @property
    def remaining(self) -> int:
        return max(self.rate.requests - self.hits, 0)

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.rate.requests),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.rate.requests};w={self.rate.seconds}",
        }


def rates() -> dict[str, Rate]:
    configured = dict(DEFAULT_RATES)
    raw = getattr(settings, "CHANCERY_API_RATE_LIMITS", None) or []
    items = raw.items() if isinstance(raw, dict) else (item.split("=", 1) for item in raw)
    for name, text in items:
        configured[name.strip()] = text.strip()
    return {name: Rate.parse(text) for name, text in configured.items()}


def class_for(request: HttpRequest, principal: Principal | None, declared: str | None) -> str:
    if principal is None:
        return "anonymous"
    if declared:
        return declared
    return "read" if request.method in SAFE_METHODS else "write"


def hit(bucket: str, rate: Rate, now: float | None = None) -> Decision:
    """Count one request in ``bucket``; one statement, atomic under any concurrency."""
    moment = time.time() if now is None else now
    window = int(moment // rate.seconds) * rate.seconds
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [f"{bucket}/{rate.seconds}", window])
        hits, window_start = cursor.fetchone()
    reset = max(math.ceil(window_start + rate.seconds - moment), 0)
    return Decision(rate, int(hits), reset)


def check(request: HttpRequest, principal: Principal | None, declared: str | None) -> Decision:
    """Count this request against its caller's limit; raises a 429 Problem when over it."""
    name = class_for(request, principal, declared)
    table = rates()
    if name not in table:
        raise ImproperlyConfigured(f"no API rate limit is configured for class {name!r}")
    caller = principal.key if principal is not None else f"ip:{client_address(request)}"
    decision = hit(f"{name}:{caller}", table[name])
    if not decision.allowed:
        raise Problem(
            kind=RATE_LIMITED,
            detail=_("Wait %(seconds)d seconds before the next request.")
            % {"seconds": decision.reset},
            headers={**decision.headers(), "Retry-After": str(max(decision.reset, 1))},
        )
    return decision


def add_headers(response: HttpResponseBase, decision: Decision) -> None:
    for name, value in decision.headers().items():
        response.setdefault(name, value)


def purge(older_than_seconds: int = 2 * 86400) -> int:
    """Delete counters whose window ended long ago; returns how many went."""
    from chancery.api.models import RateLimitCounter

    cutoff = int(time.time()) - older_than_seconds
    deleted, _details = RateLimitCounter.objects.filter(window_start__lt=cutoff).delete()
    return deleted

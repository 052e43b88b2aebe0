"""A fixed-window counter per client address in Django's cache, for public pages that anyone
may call (verification uploads, certificate and dossier lookups)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from chancery.lib.netaddr import client_address


def within_limit(name: str, request: HttpRequest, *, limit: int, seconds: int) -> bool:
    """Count one call of ``name`` from the caller's address (IPv6 by /64); ``False`` once the
    window of ``seconds`` holds more than ``limit`` calls. ``add`` then ``incr`` are atomic in
    every shared cache backend."""
    window = int(time.time() // seconds)
    key = f"chancery:{name}:{client_address(request)}:{window}"
    cache.add(key, 0, seconds + 5)
    try:
        hits = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, seconds + 5)
        hits = 1
    return int(hits) <= limit

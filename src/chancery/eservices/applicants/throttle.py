"""Lockout and rate limits of the public site, counted in PostgreSQL (``SigninThrottle``).

``register_failure`` counts one refused attempt for a key; at ``limit`` attempts within
``seconds`` the key is locked for ``seconds``. ``hit`` counts one request of a rate-limited
action (sign-up, password reset, resend, e-identity start) per client address. One
``INSERT ... ON CONFLICT`` per call: atomic under any concurrency, the same on every machine.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from chancery.eservices.models import SigninThrottle
from chancery.lib.netaddr import client_address

_UPSERT = """
INSERT INTO eservices_signinthrottle AS t (key, window_start, hits)
VALUES (%(key)s, %(now)s, 1)
ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN t.window_start < %(since)s THEN 1 ELSE t.hits + 1 END,
    window_start = CASE WHEN t.window_start < %(since)s THEN EXCLUDED.window_start
                        ELSE t.window_start END
RETURNING hits
"""


def client_key(request: HttpRequest) -> str:
    """The caller's address (IPv6 by /64), the unit rate limits count."""
    return f"ip:{client_address(request)}"


def _count(key: str, seconds: int) -> int:
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, {"key": key, "now": now, "since": now - timedelta(seconds=seconds)})
        return int(cursor.fetchone()[0])


def is_locked(*keys: str) -> bool:
    """Is any of ``keys`` locked now? (One query.)"""
    return SigninThrottle.objects.filter(key__in=keys, locked_until__gt=timezone.now()).exists()


def register_failure(key: str, *, limit: int, seconds: int) -> bool:
    """Count a refused attempt for ``key``; True if ``key`` is now locked for ``seconds``."""
    if _count(key, seconds) < limit:
        return False
    now = timezone.now()
    SigninThrottle.objects.filter(key=key).update(
        locked_until=now + timedelta(seconds=seconds), hits=0, window_start=now
    )
    return True


def clear(key: str) -> None:
    SigninThrottle.objects.filter(key=key).delete()


def hit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one request for ``key``; False once ``limit`` requests came within ``seconds``."""
    return _count(key, seconds) <= limit

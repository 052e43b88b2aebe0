"""``Idempotency-Key`` on creating requests (POST), so that a client may retry safely.

The first request with a key runs inside one transaction that also stores its response; a
retry with the same key and the same request (method, path and body) gets that response back
with ``Idempotent-Replayed: true`` and creates nothing. The same key with a different request
is refused (422), and so is a retry while the first is still running (409): a transaction-level
advisory lock on (caller, key) tells, without waiting. Keys belong to the caller (token or
user), so two callers never see each other's responses. Records live 24 hours.

Only successful (2xx) responses are stored: a refused request may be corrected and retried
with the same key. A 5xx rolls back everything the request wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.api.models import IdempotencyRecord
from chancery.lib.problems import IDEMPOTENCY_IN_PROGRESS, IDEMPOTENCY_KEY_REUSED, Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.http import HttpRequest, HttpResponseBase

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
_STORED_HEADERS = ("Location", "Content-Language")


def requested_key(request: HttpRequest) -> str | None:
    """The request's key, if it is a POST carrying one; a malformed key is a 400 problem."""
    if request.method != "POST":
        return None
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise Problem(
            400,
            _("The Idempotency-Key header must be 1 to %(max)d printable ASCII characters.")
            % {"max": MAX_KEY_LENGTH},
        )
    return key


def fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def lock_id(principal: str, key: str) -> int:
    raw = hashlib.sha256(f"chancery-idempotency\0{principal}\0{key}".encode()).digest()
    return int.from_bytes(raw[:8], "big", signed=True)


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.body), status=record.status_code, content_type=record.content_type
    )
    for name, value in record.headers.items():
        response[name] = value
    response[REPLAYED] = "true"
    return response


def _redacted(body: bytes, fields: Sequence[str]) -> bytes:
    if not fields:
        return body
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict):
        for field in fields:
            if field in data:
                data[field] = None
    return json.dumps(data, ensure_ascii=False).encode()


def run_once(
    request: HttpRequest,
    principal: str,
    key: str,
    call: Callable[[], HttpResponseBase],
    redact: Sequence[str] = (),
) -> HttpResponseBase:
    """Answer the request through ``call`` at most once per (principal, key)."""
    print_ = fingerprint(request)
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_id(principal, key)])
            (locked,) = cursor.fetchone()
        if not locked:
            raise Problem(
                kind=IDEMPOTENCY_IN_PROGRESS,
                detail=_("Retry when the first request has finished."),
                headers={"Retry-After": "1"},
            )
        records = IdempotencyRecord.objects.filter(principal=principal, key=key)
        records.filter(expires_at__lte=now).delete()
        record = records.first()
        if record is not None:
            if record.fingerprint != print_:
                raise Problem(
                    kind=IDEMPOTENCY_KEY_REUSED,
                    detail=_("Use a new key for a different request."),
                )
            return _replay(record)
        response = call()
        status = response.status_code
        if status >= 500:
            transaction.set_rollback(True)
        elif 200 <= status < 300 and isinstance(response, HttpResponse):
            IdempotencyRecord.objects.create(
                principal=principal,
                key=key,
                fingerprint=print_,
                method=request.method or "POST",
                path=request.get_full_path()[:2000],
                status_code=status,
                content_type=response.get("Content-Type", ""),
                headers={name: response[name] for name in _STORED_HEADERS if name in response},
                body=_redacted(response.content, redact),
                created_at=now,
                expires_at=now + LIFETIME,
            )
    return response


def purge() -> int:
    """Delete expired records; returns how many went."""
    deleted, _details = IdempotencyRecord.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted

"""What every social network adapter offers the outbox, and the HTTP plumbing they share.

An adapter posts one message with a link and answers the network's id for the post. It
raises ``TemporaryFailure`` when trying again later may work (the network could not be
reached, answered 5xx, or is rate limiting us) and ``PermanentFailure`` when it will not
(a refused token, a malformed request, a duplicate); the outbox turns these into a retry with
backoff or a failure shown to the editor.

Neither network offers an idempotency key for posts, so a post whose answer is lost (a crash
or a timeout after the network accepted it) may be repeated. ``find_post(link)`` looks at the
account's recent posts for our link; the outbox calls it before every retry.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings


class SocialFailure(Exception):
    """A post did not go out. The message is short, in English, and never holds a secret."""


class TemporaryFailure(SocialFailure):
    """Trying again later may work. ``retry_at`` is the earliest moment the network allows."""

    def __init__(self, message: str, *, retry_at: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class PermanentFailure(SocialFailure):
    """Trying again will not work until someone changes something (token, settings, text)."""


class SocialNetwork(Protocol):
    """One account on one network (the ministry's Facebook page, its X account)."""

    name: str

    def post(self, message: str, link: str, language: str) -> str:
        """Publish ``message`` with ``link``; return the network's id of the new post."""
        ...

    def find_post(self, link: str, *, since: dt.datetime) -> str | None:
        """The id of a post of ours carrying ``link`` made at or after ``since``, if any."""
        ...


# kind (an ``OutboxKind`` value) -> a factory that answers the configured adapter, or None
# when the network is not configured (the step is then skipped).
REGISTRY: dict[str, Callable[[], SocialNetwork | None]] = {}


def register(kind: str, factory: Callable[[], SocialNetwork | None]) -> None:
    REGISTRY[kind] = factory


def network(kind: str) -> SocialNetwork | None:
    """The adapter for ``kind``, or None when it is not configured."""
    factory = REGISTRY.get(kind)
    return factory() if factory is not None else None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any = field(default=None)


def timeout() -> float:
    return float(settings.CHANCERY_PORTAL_SOCIAL_TIMEOUT)


def call(
    method: str,
    url: str,
    *,
    form: dict[str, str] | None = None,
    json_body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
) -> Answer:
    """One HTTP exchange; an unreachable network or a timeout is a ``TemporaryFailure``.

    Any HTTP status is returned (the adapter decides what it means); the body is parsed as
    JSON when it is JSON, else kept as text."""
    if query:
        url = f"{url}?{urllib.parse.urlencode(query)}"
    data: bytes | None = None
    all_headers = {"Accept": "application/json", **(headers or {})}
    if form is not None:
        data = urllib.parse.urlencode(form).encode("utf-8")
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif json_body is not None:
        data = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout()) as response:  # noqa: S310
            status, raw, answer_headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, raw, answer_headers = error.code, error.read(), error.headers
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise TemporaryFailure(f"network unreachable: {type(reason).__name__}") from error
    text = raw.decode("utf-8", errors="replace")
    try:
        body: Any = json.loads(text) if text else None
    except ValueError:
        body = text
    return Answer(status, {k.lower(): v for k, v in answer_headers.items()}, body)


def short(text: object, limit: int = 200, *, secrets: tuple[str, ...] = ()) -> str:
    """An error message fit for the editor's view: one line, bounded, with ``secrets`` (the
    token) blanked out should the network echo them."""
    line = " ".join(str(text).split())
    for secret in secrets:
        if secret:
            line = line.replace(secret, "***")
    return line if len(line) <= limit else line[: limit - 1] + "…"

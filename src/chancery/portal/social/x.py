"""The ministry's X account, through X API v2.

Posting: ``POST {api_url}/tweets`` with the JSON body ``{"text": ...}`` and the header
``Authorization: Bearer <token>`` (an OAuth 2.0 user-context access token with
``tweet.write``) answers 201 ``{"data": {"id", "text"}}``. A 429 carries
``x-rate-limit-reset`` (epoch seconds): retry after it. 5xx: retry. Any other 4xx (401 bad
token, 403 forbidden or a duplicate text, 400 malformed) is permanent. Errors are problem
details (``{"title", "detail", "type", "status"}``) or ``{"errors": [{"message"}]}``.

Length: a post holds 280 weighted characters, counted as X's ``twitter-text`` (v3) counts
them: text is NFC-normalised, code points in a few ranges (Latin, Greek, Cyrillic, general
punctuation...) weigh 1 and all others 2 (CJK, emoji, and also the precomposed Vietnamese
letters of U+1E00-1EFF), and every URL weighs 23 whatever its length (the t.co link). The
title is shortened at a word boundary, with an ellipsis, to leave room for the link.

Tokens: a user-context access token lasts two hours. With the app's client id set and a pair
stored by ``chancery portal-x-token`` (``tokens.py``), the adapter renews it before it expires,
and once more when X refuses it early (a 401), then tries the call again. Without a stored
pair it uses ``CHANCERY_PORTAL_X_TOKEN`` as it is (a token the operator replaces).

Looking for an earlier post of ours: ``GET {api_url}/users/me`` then ``GET
{api_url}/users/{id}/tweets?max_results=20&tweet.fields=entities,created_at&start_time=...``,
whose ``entities.urls[].expanded_url`` are the original links (needs ``users.read`` and
``tweet.read``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.conf import settings

from chancery.portal.social import base, tokens
from chancery.portal.social.base import PermanentFailure, TemporaryFailure

MAX_WEIGHT = 280
URL_WEIGHT = 23
ELLIPSIS = "…"
# twitter-text v3: code point ranges that weigh 1; everything else weighs 2.
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
RECENT = 20


def weight(text: str) -> int:
    """The weighted length of ``text`` without URLs (see the module's docstring)."""
    total = 0
    for char in unicodedata.normalize("NFC", text):
        code = ord(char)
        total += 1 if any(low <= code <= high for low, high in LIGHT_RANGES) else 2
    return total


def compose(title: str, link: str) -> str:
    """The text of the post: the title, shortened politely when needed, then the link."""
    room = MAX_WEIGHT - URL_WEIGHT - 1  # the link and the space before it
    title = " ".join(unicodedata.normalize("NFC", title).split())
    if weight(title) > room:
        cut = title
        while cut and weight(cut + ELLIPSIS) > room:
            cut = cut[:-1]
        # Prefer a word boundary unless that throws away more than a third of the text.
        boundary = cut.rfind(" ")
        if boundary > len(cut) * 2 // 3:
            cut = cut[:boundary]
        title = cut.rstrip(" ,;:.-–—") + ELLIPSIS
    return f"{title} {link}" if title else link


def post_weight(text: str) -> int:
    """The weighted length of a composed post whose last word is the link."""
    body, _, link = text.rpartition(" ")
    if not link.startswith(("http://", "https://")):
        return weight(text)
    return (weight(body) + 1 if body else 0) + URL_WEIGHT


class XAccount:
    """Posts as the account whose user-context token is configured: ``token`` as it is, or,
    when ``renewable``, the stored pair's access token, renewed as needed."""

    name = "x"

    def __init__(self, api_url: str, token: str = "", *, renewable: bool = False) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token
        self.renewable = renewable

    def _authorised(self, *, refused: str | None = None) -> dict[str, str]:
        if self.renewable:
            self.token = tokens.access_token(self.name, refused=refused) or self.token
        return {"Authorization": f"Bearer {self.token}"}

    def _call(self, method: str, url: str, **options: Any) -> base.Answer:
        """One call with the current token; a refused (401) renewable token is renewed once
        and the call made again."""
        answer = base.call(method, url, headers=self._authorised(), **options)
        if answer.status == 401 and self.renewable:
            headers = self._authorised(refused=self.token)
            answer = base.call(method, url, headers=headers, **options)
        return answer

    def post(self, message: str, link: str, language: str) -> str:
        answer = self._call(
            "POST", f"{self.api_url}/tweets", json_body={"text": compose(message, link)}
        )
        body = self._checked(answer)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict) or not data.get("id"):
            raise TemporaryFailure("X answered without a post id")
        return str(data["id"])

    def me(self) -> dict[str, Any]:
        """The account the token acts for: ``{"id", "name", "username"}``."""
        body = self._checked(self._call("GET", f"{self.api_url}/users/me"))
        me = body.get("data") if isinstance(body, dict) else None
        if not isinstance(me, dict) or not me.get("id"):
            raise TemporaryFailure("X answered without the account's id")
        return me

    def find_post(self, link: str, *, since: dt.datetime) -> str | None:
        user_id = self.me()["id"]
        body = self._checked(
            self._call(
                "GET",
                f"{self.api_url}/users/{user_id}/tweets",
                query={
                    "max_results": str(RECENT),
                    "tweet.fields": "entities,created_at",
                    "start_time": since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                },
            )
        )
        for tweet in body.get("data", []) if isinstance(body, dict) else []:
            urls = (tweet.get("entities") or {}).get("urls", [])
            if any(link in (u.get("expanded_url"), u.get("unwound_url")) for u in urls):
                return str(tweet["id"])
        return None

    def _checked(self, answer: base.Answer) -> Any:
        if 200 <= answer.status < 300:
            return answer.body
        described = base.short(
            f"X {answer.status}: {_problem(answer.body)}".rstrip(": "), secrets=(self.token,)
        )
        if answer.status == 429:
            raise TemporaryFailure(described, retry_at=_reset(answer.headers))
        if answer.status >= 500:
            raise TemporaryFailure(described)
        raise PermanentFailure(described)


def _problem(body: Any) -> str:
    if not isinstance(body, dict):
        return str(body or "")
    if body.get("detail") or body.get("title"):
        return str(body.get("detail") or body.get("title"))
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return str(errors[0].get("message") or errors[0].get("detail") or "")
    return ""


def _reset(headers: dict[str, str]) -> dt.datetime | None:
    value = headers.get("x-rate-limit-reset", "")
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def configured() -> XAccount | None:
    """The account whose tokens are stored (renewed as needed), else the one of the settings'
    token; None when there is neither."""
    token = settings.CHANCERY_PORTAL_X_TOKEN
    if tokens.stored(XAccount.name):
        return XAccount(settings.CHANCERY_PORTAL_X_API_URL, token, renewable=True)
    if not token:
        return None
    return XAccount(settings.CHANCERY_PORTAL_X_API_URL, token)

"""A local fake of X API v2's posting endpoints (real HTTP), for the tests and the demo.

``POST /2/tweets`` with ``Authorization: Bearer <token>`` and the JSON body ``{"text": ...}``
answers 201 ``{"data": {"id", "text"}}`` and keeps the post in ``posts``. It answers 401 to
another token, 400 to a body without text, 403 to a text longer than 280 weighted characters
(counted as X counts them: every URL 23, most Latin letters 1, other characters 2) and to
the same text twice in a row (X refuses duplicates). ``GET /2/users/me`` answers the
account; ``GET /2/users/{id}/tweets`` its posts newest first, with ``entities.urls``
(``expanded_url``) and ``created_at``, honouring ``start_time`` and ``max_results``.

``POST /2/oauth2/token`` with ``grant_type=refresh_token`` renews the access token as X does:
for the app ``client_id`` (in the form for a public client, or HTTP Basic with
``client_secret`` for a confidential one) and the current ``refresh_token``, it answers a new
access token and a new refresh token (the old pair stops working: refresh tokens rotate);
anything else answers 400 ``invalid_request``. ``expire_token()`` makes the current access token
answer 401, as an expired or revoked one does.

Connecting the account (OAuth 2.0 authorization code with PKCE, as X serves it):
``GET /i/oauth2/authorize?response_type=code&client_id&redirect_uri&scope&state&code_challenge
&code_challenge_method=S256`` stands for X's consent screen and approves at once: it redirects
to ``redirect_uri?state=...&code=...`` (``deny_next()``: ``?error=access_denied&state=...``, the
user's "Cancel"). An unknown client or a redirect URI other than the registered one
(``redirect_uri=``, any when unset) answers 400 without redirecting, as X does. The token
endpoint then takes ``grant_type=authorization_code&code&redirect_uri&code_verifier``: a code
is used once, within 30 seconds, with the same redirect URI and the verifier whose SHA-256 is
the challenge; it answers a new pair (a refresh token only for the ``offline.access`` scope).

Failure modes for tests: ``fail_next(n, status=500)`` fails the next ``n`` requests (429
comes with ``x-rate-limit-reset``); ``lose_next_answer(n)`` accepts the next ``n`` posts
but answers 503, as a crash between the network call and the database write would look.

Demo: ``python -m chancery.portal.fakes.x --port 8032`` prints the settings to export.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import html
import re
import secrets
import threading
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from chancery.lib.fakeserver import FakeHandler, FakeServer

URL = re.compile(r"https?://\S+")
# Code points X counts as one character (twitter-text v3); the rest count as two.
ONE = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def x_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    urls = URL.findall(text)
    rest = URL.sub("", text)
    return 23 * len(urls) + sum(1 if any(a <= ord(c) <= b for a, b in ONE) else 2 for c in rest)


@dataclass(frozen=True)
class _Grant:
    """An authorization code's terms."""

    challenge: str
    redirect_uri: str
    scope: str
    expires: float


@dataclass(frozen=True)
class XPost:
    id: str
    text: str
    created_at: dt.datetime

    @property
    def urls(self) -> list[str]:
        return URL.findall(self.text)


class FakeX(FakeServer):
    def __init__(
        self,
        *,
        token: str = "test-user-token",  # noqa: S107 (a fake's test credential)
        user_id: str = "2244994945",
        port: int = 0,
        client_id: str = "test-client",
        client_secret: str = "",
        refresh_token: str = "test-refresh-0",  # noqa: S107 (a fake's test credential)
        redirect_uri: str = "",
    ) -> None:
        self.token = token
        self.redirect_uri = redirect_uri
        self._codes: dict[str, _Grant] = {}
        self._deny = 0
        self.user_id = user_id
        self.client_id, self.client_secret = client_id, client_secret
        self.refresh_token = refresh_token
        self.renewals = 0
        self.posts: list[XPost] = []
        self.requests = 0
        self._failures: list[int] = []
        self._lost = 0
        self._lock = threading.Lock()
        self.port = port
        self.bind()

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/2"

    def fail_next(self, count: int = 1, *, status: int = 500) -> None:
        with self._lock:
            self._failures.extend([status] * count)

    def lose_next_answer(self, count: int = 1) -> None:
        with self._lock:
            self._lost += count

    def expire_token(self) -> None:
        with self._lock:
            self.token = f"expired-{self.token}"

    def deny_next(self, count: int = 1) -> None:
        """The next ``count`` authorizations are refused by the user ("Cancel")."""
        with self._lock:
            self._deny += count

    def settings(self) -> dict[str, str]:
        """Chancery's settings for this fake as the X app (confidential when it has a secret)."""
        return {
            "CHANCERY_PORTAL_X_API_URL": self.api_url,
            "CHANCERY_PORTAL_X_TOKEN": "",
            "CHANCERY_PORTAL_X_TOKEN_URL": self.token_url,
            "CHANCERY_PORTAL_X_AUTHORIZE_URL": self.authorize_url,
            "CHANCERY_PORTAL_X_CLIENT_ID": self.client_id,
            "CHANCERY_PORTAL_X_CLIENT_SECRET": self.client_secret,
        }

    @property
    def token_url(self) -> str:
        return f"{self.api_url}/oauth2/token"

    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/i/oauth2/authorize"

    def authorize(self, query: dict[str, str]) -> tuple[int, str]:
        """The consent screen, approving at once: (302, where to) or (400, why)."""
        with self._lock:
            redirect_uri = query.get("redirect_uri", "")
            if query.get("client_id") != self.client_id:
                return 400, "Something went wrong: unknown client."
            if not redirect_uri or (self.redirect_uri and redirect_uri != self.redirect_uri):
                return 400, "Something went wrong: the redirect URI is not registered."
            back: dict[str, str] = {"state": query.get("state", "")}
            if self._deny:
                self._deny -= 1
                back["error"] = "access_denied"
            elif (
                query.get("response_type") != "code"
                or not query.get("state")
                or query.get("code_challenge_method") != "S256"
                or not query.get("code_challenge")
            ):
                back["error"] = "invalid_request"
            else:
                code = secrets.token_urlsafe(24)
                self._codes[code] = _Grant(
                    challenge=query["code_challenge"],
                    redirect_uri=redirect_uri,
                    scope=query.get("scope", ""),
                    expires=time.monotonic() + 30,
                )
                back["code"] = code
            return 302, f"{redirect_uri}?{urllib.parse.urlencode(back)}"

    def token_endpoint(self, form: dict[str, str], auth: str) -> tuple[int, dict[str, Any]]:
        """The token endpoint (see the module's doc)."""
        with self._lock:
            self.requests += 1
            if self._failures:
                return self._failures.pop(0), {"error": "server_error"}
            client = form.get("client_id", "")
            if self.client_secret:
                basic = f"{self.client_id}:{self.client_secret}".encode()
                if auth != f"Basic {base64.b64encode(basic).decode()}":
                    return 401, {"error": "invalid_client"}
                client = self.client_id
            invalid = (
                400,
                {
                    "error": "invalid_request",
                    "error_description": "Value passed for the token was invalid.",
                },
            )
            if client != self.client_id:
                return invalid
            scope = "tweet.read tweet.write users.read offline.access"
            if form.get("grant_type") == "authorization_code":
                grant = self._codes.pop(form.get("code", ""), None)  # a code is used once
                verifier = form.get("code_verifier", "").encode()
                challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest())
                if (
                    grant is None
                    or grant.expires < time.monotonic()
                    or grant.redirect_uri != form.get("redirect_uri")
                    or challenge.rstrip(b"=").decode() != grant.challenge
                ):
                    return invalid
                scope = grant.scope
            elif (
                form.get("grant_type") != "refresh_token"
                or form.get("refresh_token") != self.refresh_token
            ):
                return invalid
            self.renewals += 1
            self.token = f"test-user-token-{self.renewals}"
            self.refresh_token = f"test-refresh-{self.renewals}"
            pair = {"token_type": "bearer", "expires_in": 7200, "access_token": self.token}
            if "offline.access" in scope.split():
                pair["refresh_token"] = self.refresh_token
            return 200, {**pair, "scope": scope}

    def answer(
        self, method: str, path: str, query: dict[str, str], auth: str, body: Any
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.requests += 1
            if self._failures:
                status = self._failures.pop(0)
                headers = {}
                if status == 429:
                    headers = {
                        "x-rate-limit-limit": "100",
                        "x-rate-limit-remaining": "0",
                        "x-rate-limit-reset": str(int(time.time()) + 900),
                    }
                return status, _problem(status, "Simulated failure"), headers
            if auth != f"Bearer {self.token}":
                return 401, _problem(401, "Unauthorized"), {}
            if method == "POST" and path == "/2/tweets":
                return (*self._create(body), {})
            if method == "GET" and path == "/2/users/me":
                return 200, {"data": {"id": self.user_id, "name": "MOFA", "username": "mofa"}}, {}
            if method == "GET" and path == f"/2/users/{self.user_id}/tweets":
                return 200, self._timeline(query), {}
            return 404, _problem(404, "Not Found"), {}

    def _create(self, body: Any) -> tuple[int, dict[str, Any]]:
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text:
            return 400, _problem(400, "Invalid Request: text is required")
        if x_length(text) > 280:
            return 403, _problem(403, "Your Tweet text is too long.")
        if self.posts and self.posts[-1].text == text:
            return 403, _problem(
                403, "You are not allowed to create a Tweet with duplicate content."
            )
        post = XPost(
            id=str(1445880548472328192 + len(self.posts)),
            text=text,
            created_at=dt.datetime.now(dt.UTC),
        )
        self.posts.append(post)
        if self._lost:
            self._lost -= 1
            return 503, _problem(503, "Service Unavailable")
        return 201, {"data": {"id": post.id, "text": post.text}}

    def _timeline(self, query: dict[str, str]) -> dict[str, Any]:
        start = query.get("start_time")
        since = dt.datetime.fromisoformat(start.replace("Z", "+00:00")) if start else None
        limit = int(query.get("max_results") or 10)
        found = [p for p in reversed(self.posts) if since is None or p.created_at >= since][:limit]
        return {
            "data": [
                {
                    "id": p.id,
                    "text": URL.sub("https://t.co/fake", p.text),
                    "created_at": p.created_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                    "entities": {
                        "urls": [
                            {"url": "https://t.co/fake", "expanded_url": url} for url in p.urls
                        ]
                    },
                }
                for p in found
            ],
            "meta": {"result_count": len(found)},
        }

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(FakeHandler):
            def _answer(self, method: str, body: Any) -> None:
                split = urllib.parse.urlsplit(self.path)
                status, payload, headers = fake.answer(
                    method,
                    split.path.rstrip("/"),
                    dict(urllib.parse.parse_qsl(split.query)),
                    self.headers.get("Authorization", ""),
                    body,
                )
                self.send_json(status, payload, headers)

            def do_POST(self) -> None:
                if urllib.parse.urlsplit(self.path).path.rstrip("/") == "/2/oauth2/token":
                    status, payload = fake.token_endpoint(
                        self.read_form(), self.headers.get("Authorization", "")
                    )
                    self.send_json(status, payload)
                    return
                try:
                    body = self.read_json()
                except ValueError:
                    self.send_json(400, _problem(400, "Invalid JSON"))
                    return
                self._answer("POST", body)

            def do_GET(self) -> None:
                split = urllib.parse.urlsplit(self.path)
                if split.path.rstrip("/") == "/i/oauth2/authorize":
                    status, where = fake.authorize(dict(urllib.parse.parse_qsl(split.query)))
                    if status == 302:
                        self.redirect(where)
                    else:
                        self.send_html(status, f"<p>{html.escape(where)}</p>")
                    return
                self._answer("GET", None)

        return Handler


def _problem(status: int, detail: str) -> dict[str, Any]:
    return {
        "title": detail.split(":")[0],
        "detail": detail,
        "type": "about:blank",
        "status": status,
    }


def main() -> None:  # pragma: no cover (the demo's entry point)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8032)
    options = parser.parse_args()
    fake = FakeX(port=options.port).start()
    for name, value in {**fake.settings(), "CHANCERY_PORTAL_X_TOKEN": fake.token}.items():
        print(f"{name}={value}")  # noqa: T201
    print(f"refresh token for chancery portal-x-token: {fake.refresh_token}")  # noqa: T201
    fake.serve_until_interrupted()


if __name__ == "__main__":  # pragma: no cover
    main()

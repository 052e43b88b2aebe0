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

Failure modes for tests: ``fail_next(n, status=500)`` fails the next ``n`` requests (429
comes with ``x-rate-limit-reset``); ``lose_next_answer(n)`` accepts the next ``n`` posts
but answers 503, as a crash between the network call and the database write would look.

Demo: ``python -m chancery.portal.fakes.x --port 8032`` prints the settings to export.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import re
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
    ) -> None:
        self.token = token
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

    @property
    def token_url(self) -> str:
        return f"{self.api_url}/oauth2/token"

    def renew(self, form: dict[str, str], auth: str) -> tuple[int, dict[str, Any]]:
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
            if (
                client != self.client_id
                or form.get("grant_type") != "refresh_token"
                or form.get("refresh_token") != self.refresh_token
            ):
                return 400, {
                    "error": "invalid_request",
                    "error_description": "Value passed for the token was invalid.",
                }
            self.renewals += 1
            self.token = f"test-user-token-{self.renewals}"
            self.refresh_token = f"test-refresh-{self.renewals}"
            return 200, {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": self.token,
                "refresh_token": self.refresh_token,
                "scope": "tweet.read tweet.write users.read offline.access",
            }

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
                    status, payload = fake.renew(
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
    print(f"CHANCERY_PORTAL_X_API_URL={fake.api_url}")  # noqa: T201
    print(f"CHANCERY_PORTAL_X_TOKEN={fake.token}")  # noqa: T201
    print(f"CHANCERY_PORTAL_X_TOKEN_URL={fake.token_url}")  # noqa: T201
    print(f"CHANCERY_PORTAL_X_CLIENT_ID={fake.client_id}")  # noqa: T201
    print(f"refresh token for chancery portal-x-token: {fake.refresh_token}")  # noqa: T201
    fake.serve_until_interrupted()


if __name__ == "__main__":  # pragma: no cover
    main()

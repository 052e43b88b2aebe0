"""A local fake of the Graph API's page feed (real HTTP), for the tests and the demo.

``POST /v23.0/{page_id}/feed`` with the form fields ``message``, ``link`` and
``access_token`` answers ``{"id": "<page_id>_<n>"}`` and keeps the post in ``posts``; a wrong
token answers error 190, a missing message and link error 100, another page id error 100
(with HTTP 400, as Graph does). ``GET`` on the same path lists the page's posts newest first
(``id``, ``message``, ``created_time``, ``attachments.data[].unshimmed_url``), honouring
``since`` (unix time) and ``limit``.

Failure modes for tests: ``fail_next(n, status=500)`` fails the next ``n`` requests (500:
server error; 400 with ``code=32``: a rate limit; 400 with the default code 100: a permanent
refusal; 429); ``lose_next_answer(n)`` accepts the next ``n`` posts but answers 500, as a
crash between the network call and the database write would look.

    with FakeFacebook(page_id="1001", token="t") as fake:
        settings.CHANCERY_PORTAL_FACEBOOK_GRAPH_URL = fake.graph_url

Demo: ``python -m chancery.portal.fakes.facebook --port 8031`` prints the settings to export.
"""

from __future__ import annotations

import argparse
import datetime as dt
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from chancery.lib.fakeserver import FakeHandler, FakeServer

VERSION = "v23.0"


@dataclass(frozen=True)
class FacebookPost:
    id: str
    message: str
    link: str
    created_time: dt.datetime


def _error(message: str, code: int, kind: str = "OAuthException") -> dict[str, Any]:
    return {
        "error": {
            "message": message,
            "type": kind,
            "code": code,
            "error_subcode": None,
            "fbtrace_id": "FAKE",
        }
    }


class FakeFacebook(FakeServer):
    def __init__(
        self,
        *,
        page_id: str = "1001",
        token: str = "test-page-token",  # noqa: S107 (a fake's test credential)
        port: int = 0,
    ) -> None:
        self.page_id = page_id
        self.token = token
        self.posts: list[FacebookPost] = []
        self.requests = 0
        self._failures: list[tuple[int, int]] = []
        self._lost = 0
        self._lock = threading.Lock()
        self.port = port
        self.bind()

    @property
    def graph_url(self) -> str:
        return f"{self.base_url}/{VERSION}"

    def fail_next(self, count: int = 1, *, status: int = 500, code: int | None = None) -> None:
        """Fail the next ``count`` requests with HTTP ``status`` and Graph error ``code``
        (default: 2 for 5xx, 4 for 429, 100 otherwise)."""
        if code is None:
            code = 2 if status >= 500 else 4 if status == 429 else 100
        with self._lock:
            self._failures.extend([(status, code)] * count)

    def lose_next_answer(self, count: int = 1) -> None:
        """Accept the next ``count`` posts but answer 500, as if the answer were lost."""
        with self._lock:
            self._lost += count

    def _failure(self) -> tuple[int, dict[str, Any]] | None:
        self.requests += 1
        if not self._failures:
            return None
        status, code = self._failures.pop(0)
        return status, _error("Simulated failure", code)

    def publish(self, page_id: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            failure = self._failure()
            if failure:
                return failure
            if form.get("access_token") != self.token:
                return 400, _error("Invalid OAuth access token.", 190)
            if page_id != self.page_id:
                return 400, _error("Unsupported post request.", 100, "GraphMethodException")
            if not form.get("message") and not form.get("link"):
                return 400, _error("(#100) Missing message or attachment.", 100)
            post = FacebookPost(
                id=f"{self.page_id}_{len(self.posts) + 1}",
                message=form.get("message", ""),
                link=form.get("link", ""),
                created_time=dt.datetime.now(dt.UTC),
            )
            self.posts.append(post)
            if self._lost:
                self._lost -= 1
                return 500, _error("An unexpected error has occurred.", 2)
            return 200, {"id": post.id}

    def feed(self, page_id: str, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            failure = self._failure()
            if failure:
                return failure
            if query.get("access_token") != self.token:
                return 400, _error("Invalid OAuth access token.", 190)
            if page_id != self.page_id:
                return 400, _error("Unsupported get request.", 100, "GraphMethodException")
            since = int(query.get("since") or 0)
            limit = int(query.get("limit") or 25)
            found = [p for p in reversed(self.posts) if p.created_time.timestamp() >= since]
            return 200, {
                "data": [
                    {
                        "id": post.id,
                        "message": post.message,
                        "created_time": post.created_time.strftime("%Y-%m-%dT%H:%M:%S+0000"),
                        "attachments": {
                            "data": [{"unshimmed_url": post.link, "url": post.link}]
                            if post.link
                            else []
                        },
                    }
                    for post in found[:limit]
                ]
            }

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(FakeHandler):
            def _page_id(self) -> str | None:
                parts = urllib.parse.urlsplit(self.path).path.strip("/").split("/")
                if len(parts) == 3 and parts[0] == VERSION and parts[2] == "feed":
                    return parts[1]
                return None

            def do_POST(self) -> None:
                page_id = self._page_id()
                if page_id is None:
                    self.send_json(404, _error("Unknown path components", 2500))
                    return
                self.send_json(*fake.publish(page_id, self.read_form()))

            def do_GET(self) -> None:
                page_id = self._page_id()
                if page_id is None:
                    self.send_json(404, _error("Unknown path components", 2500))
                    return
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                self.send_json(*fake.feed(page_id, query))

        return Handler


def main() -> None:  # pragma: no cover (the demo's entry point)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8031)
    options = parser.parse_args()
    fake = FakeFacebook(port=options.port).start()
    print(f"CHANCERY_PORTAL_FACEBOOK_GRAPH_URL={fake.graph_url}")  # noqa: T201
    print(f"CHANCERY_PORTAL_FACEBOOK_PAGE_ID={fake.page_id}")  # noqa: T201
    print(f"CHANCERY_PORTAL_FACEBOOK_TOKEN={fake.token}")  # noqa: T201
    fake.serve_until_interrupted()


if __name__ == "__main__":  # pragma: no cover
    main()

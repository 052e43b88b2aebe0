"""The ministry's Facebook page, through the Graph API's page feed.

Posting: ``POST {graph_url}/{page_id}/feed`` with the form fields ``message``, ``link`` and
``access_token`` (a Page access token with ``pages_manage_posts``) answers ``{"id":
"<page_id>_<post_id>"}``. Errors answer ``{"error": {"message", "type", "code",
"error_subcode", "is_transient"}}``, usually with HTTP 400 even when the cause is a rate
limit: the codes 4, 17, 32 and 613 (application, user, page and custom rate limits), 1 and 2
(unknown error, service temporarily unavailable) and any ``is_transient`` error are worth
retrying; everything else (190 bad token, 200 missing permission, 100 bad parameter, 368
blocked as abusive) is not.

Looking for an earlier post of ours: ``GET {graph_url}/{page_id}/feed?fields=id,message,
created_time,attachments{unshimmed_url,url}&since=<unix time>&limit=25`` (the posts' ``link``
field is gone since v3.3; the shared link is the attachment's ``unshimmed_url``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from chancery.portal.social import base
from chancery.portal.social.base import PermanentFailure, TemporaryFailure

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613})
TRANSIENT_CODES = frozenset({1, 2}) | RATE_LIMIT_CODES
RECENT = 25


class FacebookPage:
    """Posts to one Facebook page as the page."""

    name = "facebook"

    def __init__(self, graph_url: str, page_id: str, token: str) -> None:
        self.graph_url = graph_url.rstrip("/")
        self.page_id = page_id
        self.token = token

    @property
    def feed_url(self) -> str:
        return f"{self.graph_url}/{self.page_id}/feed"

    def post(self, message: str, link: str, language: str) -> str:
        answer = base.call(
            "POST",
            self.feed_url,
            form={"message": message, "link": link, "access_token": self.token},
        )
        body = self._checked(answer)
        post_id = body.get("id") if isinstance(body, dict) else None
        if not post_id:
            raise TemporaryFailure("Facebook answered without a post id")
        return str(post_id)

    def find_post(self, link: str, *, since: dt.datetime) -> str | None:
        answer = base.call(
            "GET",
            self.feed_url,
            query={
                "fields": "id,message,created_time,attachments{unshimmed_url,url}",
                "since": str(int(since.timestamp())),
                "limit": str(RECENT),
                "access_token": self.token,
            },
        )
        body = self._checked(answer)
        for post in body.get("data", []) if isinstance(body, dict) else []:
            attachments = (post.get("attachments") or {}).get("data", [])
            urls = {a.get("unshimmed_url") or a.get("url") for a in attachments}
            if link in urls or link in str(post.get("message", "")):
                return str(post["id"])
        return None

    def _checked(self, answer: base.Answer) -> Any:
        """The body of a successful answer; a failure raised as temporary or permanent."""
        if 200 <= answer.status < 300:
            return answer.body
        error = answer.body.get("error") if isinstance(answer.body, dict) else None
        if not isinstance(error, dict):
            error = {}
        code = error.get("code")
        described = base.short(
            f"Facebook {answer.status}"
            + (f" code {code}" if code is not None else "")
            + (f"/{error['error_subcode']}" if error.get("error_subcode") else "")
            + (f": {error['message']}" if error.get("message") else ""),
            secrets=(self.token,),
        )
        if answer.status >= 500 or answer.status == 429:
            raise TemporaryFailure(described)
        if code in TRANSIENT_CODES or error.get("is_transient") is True:
            raise TemporaryFailure(described)
        raise PermanentFailure(described)


def configured() -> FacebookPage | None:
    """The page set in the settings, or None when the page id or the token is missing."""
    page_id = settings.CHANCERY_PORTAL_FACEBOOK_PAGE_ID
    token = settings.CHANCERY_PORTAL_FACEBOOK_TOKEN
    if not page_id or not token:
        return None
    return FacebookPage(settings.CHANCERY_PORTAL_FACEBOOK_GRAPH_URL, page_id, token)

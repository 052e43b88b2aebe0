"""Helpers of the applicants and notify tests: links out of the notices, no-redirect HTTP."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from chancery.eservices.models import Applicant, Notice


def last_notice(applicant: Applicant | str, kind: str) -> Notice:
    """The newest e-mail notice of ``kind`` to an applicant (or address)."""
    rows = Notice.objects.filter(kind=kind, channel="email")
    if isinstance(applicant, Applicant):
        rows = rows.filter(applicant=applicant)
    else:
        rows = rows.filter(recipient__iexact=applicant)
    return rows.order_by("-pk").first()  # type: ignore[return-value]


def link_in(notice: Notice) -> str:
    """The path of the first link to this site in the notice (what the applicant clicks)."""
    match = re.search(r"https?://\S+/services/\S+", notice.body)
    assert match, notice.body
    parts = urlsplit(match.group(0))
    return parts.path + (f"?{parts.query}" if parts.query else "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch_without_redirect(url: str) -> tuple[int, str]:
    """GET ``url``: (status, Location header) without following the redirect."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")

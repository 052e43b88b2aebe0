"""RFC 9457 problem details: the one shape of every API error.

Raise :class:`Problem` anywhere below an API endpoint; the API turns it into an
``application/problem+json`` response. Plain HTTP failures use ``about:blank`` as their type and
the status phrase as their title (RFC 9457 §4.2.1); failures with their own meaning have a
:class:`ProblemType` whose URI a client can switch on. Titles and details are translated into
the request's language; nothing internal (stack traces, SQL, class names) ever goes in them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

CONTENT_TYPE = "application/problem+json"
BLANK = "about:blank"

STATUS_TITLES: dict[int, StrOrPromise] = {
    400: _("Bad request"),
    401: _("Authentication required"),
    403: _("Forbidden"),
    404: _("Not found"),
    405: _("Method not allowed"),
    406: _("Not acceptable"),
    409: _("Conflict"),
    410: _("Gone"),
    413: _("Request body too large"),
    415: _("Unsupported media type"),
    422: _("Unprocessable request"),
    429: _("Too many requests"),
    500: _("Internal server error"),
    502: _("Bad gateway"),
    503: _("Service unavailable"),
    504: _("Gateway timeout"),
}


@dataclass(frozen=True)
class ProblemType:
    """A kind of failure with its own meaning; ``uri`` is stable and documented in docs/api.md."""

    slug: str
    status: int
    title: StrOrPromise

    @property
    def uri(self) -> str:
        return f"urn:chancery:problem:{self.slug}"


VALIDATION = ProblemType("validation-error", 422, _("The request is not valid"))
MALFORMED = ProblemType("malformed-request", 400, _("The request could not be read"))
INVALID_TOKEN = ProblemType("invalid-token", 401, _("The API token is not valid"))
SCOPE_MISSING = ProblemType("scope-missing", 403, _("The API token lacks a required scope"))
CSRF_FAILED = ProblemType("csrf-failed", 403, _("The CSRF check failed"))
RATE_LIMITED = ProblemType("rate-limited", 429, _("Too many requests"))
IDEMPOTENCY_KEY_REUSED = ProblemType(
    "idempotency-key-reused", 422, _("The idempotency key was used for a different request")
)
IDEMPOTENCY_IN_PROGRESS = ProblemType(
    "idempotency-in-progress", 409, _("A request with this idempotency key is in progress")
)
INVALID_CURSOR = ProblemType("invalid-cursor", 400, _("The pagination cursor is not valid"))

PROBLEM_TYPES = (
    VALIDATION,
    MALFORMED,
    INVALID_TOKEN,
    SCOPE_MISSING,
    CSRF_FAILED,
    RATE_LIMITED,
    IDEMPOTENCY_KEY_REUSED,
    IDEMPOTENCY_IN_PROGRESS,
    INVALID_CURSOR,
)


def status_title(status: int) -> StrOrPromise:
    return STATUS_TITLES.get(status) or STATUS_TITLES[500 if status >= 500 else 400]


class Problem(Exception):
    """An API failure to report as problem details.

    ``errors`` lists field-level messages for validation failures: ``{"loc": [...], "msg": ...,
    "type": ...}``, the same shape the API uses for schema validation.
    """

    def __init__(
        self,
        status: int | None = None,
        detail: StrOrPromise | None = None,
        *,
        kind: ProblemType | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if status is None:
            if kind is None:
                raise ValueError("a Problem needs a status or a kind")
            status = kind.status
        self.status = status
        self.detail = detail
        self.kind = kind
        self.errors = list(errors) if errors is not None else None
        self.headers = dict(headers or {})
        super().__init__(status, str(detail) if detail is not None else "")

    @property
    def type_uri(self) -> str:
        return self.kind.uri if self.kind else BLANK

    @property
    def title(self) -> StrOrPromise:
        return self.kind.title if self.kind else status_title(self.status)

    def as_dict(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type_uri,
            "title": str(self.title),
            "status": self.status,
        }
        if self.detail is not None:
            body["detail"] = str(self.detail)
        if instance:
            body["instance"] = instance
        if self.errors is not None:
            body["errors"] = [
                {key: str(value) if key == "msg" else value for key, value in error.items()}
                for error in self.errors
            ]
        return body


def problem_response(request: HttpRequest | None, problem: Problem) -> HttpResponse:
    """The ``application/problem+json`` response for ``problem``; ``instance`` is the path."""
    instance = request.path if request is not None else None
    content = json.dumps(problem.as_dict(instance), ensure_ascii=False, default=str)
    response = HttpResponse(content, status=problem.status, content_type=CONTENT_TYPE)
    for name, value in problem.headers.items():
        response[name] = value
    return response


def is_problem(response: HttpResponse | Any) -> bool:
    return str(response.get("Content-Type", "")).startswith(CONTENT_TYPE)

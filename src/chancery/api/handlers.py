"""Every exception an API operation can raise, answered as RFC 9457 problem details."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.parser import Parser

from chancery.lib.problems import MALFORMED, VALIDATION, Problem, problem_response

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("chancery.api")


class JsonParser(Parser):
    """Request bodies are JSON; anything else is refused with 415, not misread."""

    def parse_body(self, request: HttpRequest) -> Any:
        media = (request.content_type or "").lower()
        if media != "application/json" and not media.endswith("+json"):
            raise Problem(415, _("Send the body as JSON (Content-Type: application/json)."))
        return super().parse_body(request)


def too_large() -> Problem:
    return Problem(413, _("The request body is larger than this server accepts."))


def _location(loc: Any) -> list[Any]:
    # Ninja prefixes the parameter name: a body parameter named "body" (the convention in
    # Chancery's routers) gives ["body", "body", "name"]; clients see ["body", "name"].
    parts = list(loc)
    if parts[:2] == ["body", "body"]:
        del parts[1]
    return parts


def _schema_errors(exc: SchemaValidationError) -> Problem:
    errors = [
        {
            "loc": _location(error.get("loc", ())),
            "msg": error.get("msg", ""),
            "type": error.get("type", "value_error"),
        }
        for error in exc.errors
    ]
    return Problem(kind=VALIDATION, detail=_("Correct the fields listed in errors."), errors=errors)


def _action_errors(exc: ValidationError) -> Problem:
    errors: list[dict[str, Any]]
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", field], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body"], "msg": message, "type": "value_error"} for message in exc]
    return Problem(kind=VALIDATION, detail=_("Correct the fields listed in errors."), errors=errors)


def _http_error(exc: HttpError) -> Problem:
    if isinstance(exc.__cause__, Problem):
        # Raised by our parser inside Ninja's body reading, which wraps everything in a 400.
        return exc.__cause__
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return Problem(
            401,
            _("Send a personal API token (Authorization: Bearer …) or sign in."),
            headers={"WWW-Authenticate": 'Bearer realm="chancery"'},
        )
    if exc.status_code == 400:
        return Problem(kind=MALFORMED, detail=_("The body is not valid JSON."))
    return Problem(exc.status_code)


def to_problem(exc: Exception) -> Problem | None:
    """The problem an expected exception stands for; None for a bug (answered as 500)."""
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, SchemaValidationError):
        return _schema_errors(exc)
    if isinstance(exc, HttpError):
        return _http_error(exc)
    if isinstance(exc, Http404):
        # Denied and missing objects look the same, so nothing may be said about which.
        return Problem(404, _("There is nothing here, or you may not see it."))
    if isinstance(exc, PermissionDenied):
        return Problem(403, _("You may not do this."))
    if isinstance(exc, ValidationError):
        return _action_errors(exc)
    if isinstance(exc, RequestDataTooBig):
        return too_large()
    return None


def handle(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
    if isinstance(exc, type):  # Ninja's signature allows a class; it always passes instances
        exc = exc()
    problem = to_problem(exc)
    if problem is None:
        logger.error("Unhandled error in API %s %s", request.method, request.path, exc_info=exc)
        problem = Problem(500, _("Something went wrong on our side; it has been logged."))
    return problem_response(request, problem)


def install(api: NinjaAPI) -> None:
    # Ninja registers its own handlers for some of these; the most specific class wins, so
    # each is replaced explicitly.
    for exc_class in (Exception, Http404, HttpError, SchemaValidationError, Problem):
        api.add_exception_handler(exc_class, handle)

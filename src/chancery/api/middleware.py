"""Errors that happen outside an API operation still reach API clients as problem details.

Ninja answers what its operations raise. What it never sees is answered by Django in HTML: a
path no route matches (404), a method a route does not have (405), a failure in middleware
(500). Under ``/api/`` this middleware replaces such a response with the problem for its
status, keeping the headers a client needs (``Allow``, ``Retry-After``, ``WWW-Authenticate``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

from chancery.lib.problems import Problem, is_problem, problem_response

API_PREFIX = "/api/"
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


class ProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(API_PREFIX)
            or is_problem(response)
        ):
            return response
        kept = {name: response[name] for name in _KEPT_HEADERS if name in response}
        language = translation.get_language_from_request(request)
        with translation.override(language):
            return problem_response(request, Problem(response.status_code, headers=kept))

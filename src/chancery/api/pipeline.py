"""What happens around every API operation before Ninja runs it, in this order:

1. identify the caller (token or session; cached on the request for Ninja's own auth step);
2. count the request against the caller's rate limit (429 when over);
3. for a POST with ``Idempotency-Key``, replay or run it once (see ``idempotency``);
4. run the operation (authentication, scopes, validation, the endpoint), then add the
   ``RateLimit-*`` headers to whatever came out.

It wraps ``Operation.run`` (Ninja's "view" decorator mode) so that it also sees requests that
fail authentication: anonymous floods are limited per client address, not let through.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig

from chancery.api import idempotency, ratelimit
from chancery.api.handlers import too_large
from chancery.core.service import enforce_csrf, identify_caller
from chancery.lib.problems import Problem, problem_response

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

    from chancery.core.service import Principal

Run = Callable[..., "HttpResponseBase"]


def _mark(run: Run, name: str, default: Any = None) -> Any:
    operation = getattr(inspect.unwrap(run), "__self__", None)
    return getattr(getattr(operation, "view_func", None), name, default)


def _caller(request: HttpRequest) -> Principal | None:
    try:
        return identify_caller(request)
    except Problem:
        # A refused token is answered by the authentication step; until then it is anonymous.
        return None


def envelope(run: Run) -> Run:
    declared_class: str | None = _mark(run, "rate_limit_class")
    redact: tuple[str, ...] = tuple(_mark(run, "idempotency_redact", ()))

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        principal = _caller(request)
        try:
            decision = ratelimit.check(request, principal, declared_class)
            key = idempotency.requested_key(request) if principal is not None else None
            if key is not None:
                assert principal is not None
                if principal.token is None:
                    # A stored response is only ever replayed to a request that would pass.
                    enforce_csrf(request)
                response = idempotency.run_once(
                    request, principal.key, key, lambda: run(request, *args, **kwargs), redact
                )
            else:
                response = run(request, *args, **kwargs)
        except Problem as problem:
            return problem_response(request, problem)
        except RequestDataTooBig:
            return problem_response(request, too_large())
        ratelimit.add_headers(response, decision)
        return response

    return wrapper

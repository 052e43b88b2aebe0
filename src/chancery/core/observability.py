"""Middleware that makes every request traceable: its id in logs and responses, its metrics.

``RequestContextMiddleware`` honours an incoming ``X-Request-ID`` (from the reverse proxy or a
calling system) when it looks sane, makes one up otherwise, returns it in the response and
binds it, with the user id and the route name, to every log record of the request.
``MetricsMiddleware`` counts requests, their latency and their database queries by route name.
Both sit first in ``MIDDLEWARE`` so they see the whole request.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseBase

from chancery.core import metrics
from chancery.lib import logcontext

# Long enough for a UUID or a trace id, short and plain enough to be safe in a log line.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

GetResponse = Callable[[HttpRequest], HttpResponseBase]


def request_id_for(incoming: str) -> str:
    """The request's id: the incoming ``X-Request-ID`` when it looks sane, else a new one."""
    return incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex


def method_label(method: str) -> str:
    """The method as a metric label: the usual ones, anything else as "other"."""
    return method if method in _METHODS else "other"


def route_name(request: HttpRequest) -> str:
    """The route's name (``core:jobs``); never the raw path, which would explode the labels."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class RequestContextMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_for(request.headers.get("X-Request-ID", ""))
        request.request_id = request_id  # type: ignore[attr-defined]
        tokens = logcontext.bind(request_id=request_id, user_id=None, route=None)
        try:
            response = self.get_response(request)
        finally:
            # Resetting to the values before the request also drops what process_view bound.
            logcontext.reset(tokens)
        response["X-Request-ID"] = request_id
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        # By now authentication has run and the URL is resolved.
        # Without a session cookie there is no user to name: reading request.user would read
        # the (empty) session and mark public pages "Vary: Cookie" for every cache.
        user = getattr(request, "user", None)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            user = None
        user_id = user.pk if user is not None and user.is_authenticated else None
        logcontext.bind(user_id=user_id, route=route_name(request))
        return None


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class MetricsMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        metrics.observe_request(
            route_name(request),
            method_label(request.method or ""),
            response.status_code,
            time.perf_counter() - started,
            counter.count,
        )
        return response

"""``/healthz``, ``/readyz`` and ``/metrics``: for load balancers, orchestrators and Prometheus.

None of them needs a staff session (``CHANCERY_PUBLIC_PATH_PREFIXES`` lists them for the
sign-in middleware). ``/metrics`` answers loopback callers that did not come through a proxy,
and anyone presenting ``Authorization: Bearer <CHANCERY_METRICS_TOKEN>``.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from chancery.core import health, metrics

# A request relayed by a proxy on the same machine arrives from loopback too: these headers
# show it came from further away, so it must present the token like any remote caller.
_PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else, the database least of all."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = health.readiness()
    ready = all(check.ok for check in checks.values())
    body = {
        "status": "ready" if ready else "unavailable",
        "checks": {
            name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()
        },
    }
    return JsonResponse(body, status=200 if ready else 503)


def _from_loopback(request: HttpRequest) -> bool:
    if any(header in request.META for header in _PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _has_token(request: HttpRequest) -> bool:
    token = settings.CHANCERY_METRICS_TOKEN
    if not token:
        return False
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        presented.strip().encode(), token.encode()
    )


@login_not_required
@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not (_has_token(request) or _from_loopback(request)):
        if settings.CHANCERY_METRICS_TOKEN:
            response = HttpResponse(
                "bearer token required\n", status=401, content_type="text/plain"
            )
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        return HttpResponse(
            "metrics are served to loopback only\n", status=403, content_type="text/plain"
        )
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)

"""The sign-in state kept in the session, between the password and a fully verified login.

Until every required factor is done the session holds only a *pending* record (user id,
factors done, where to go next); ``request.user`` stays anonymous, so no view, API or admin
page can mistake a half-signed-in visitor for staff. ``finish`` calls Django's ``login``
(which rotates the session key again) and stamps the session with the login time, which the
middleware uses for the absolute timeout.
"""

from __future__ import annotations

import time
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.utils.http import url_has_allowed_host_and_scheme

from chancery.core.constants import Clearance

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User

PENDING = "chancery.signin"
LOGIN_AT = "chancery.login_at"
SEEN_AT = "chancery.seen_at"
FACTORS = "chancery.factors"
# A password proven more than this long ago must be typed again.
PENDING_SECONDS = 10 * 60


class Step(StrEnum):
    TOTP = "core:login_totp"
    WEBAUTHN = "core:login_webauthn"
    ENROL_TOTP = "core:login_enrol_totp"
    ENROL_WEBAUTHN = "core:login_enrol_webauthn"


def requires_webauthn(user: User) -> bool:
    """Cleared staff (Confidential and above) must use a security key."""
    return user.clearance >= Clearance.CONFIDENTIAL


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def begin(request: HttpRequest, user: User, next_url: str) -> None:
    """The password is right: rotate the session key and remember who is signing in."""
    request.session.cycle_key()
    request.session[PENDING] = {
        "uid": user.pk,
        "at": time.time(),
        "next": next_url,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
        "done": [],
    }


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(PENDING)
    if not isinstance(data, dict):
        return None
    if time.time() - float(data.get("at", 0)) > PENDING_SECONDS:
        abandon(request)
        return None
    return data


def pending_user(request: HttpRequest) -> User | None:
    """The user who gave the right password in this session and has not finished, if any."""
    from chancery.core.models import User

    data = _pending(request)
    if data is None:
        return None
    user = User.objects.filter(pk=data["uid"], is_active=True).first()
    if user is None:
        abandon(request)
    return user


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def mark_done(request: HttpRequest, factor: str) -> None:
    data = _pending(request)
    if data is not None and factor not in data["done"]:
        data["done"] = [*data["done"], factor]
        request.session[PENDING] = data


def factors_done(request: HttpRequest) -> set[str]:
    data = _pending(request)
    return set(data["done"]) if data else set()


def next_step(user: User, done: set[str]) -> Step | None:
    """The next thing ``user`` must do, given the factors already proven; None when finished."""
    has_totp = user.totp_devices.filter(confirmed_at__isnull=False).exists()
    cleared = requires_webauthn(user)
    has_key = cleared and user.webauthn_credentials.exists()
    if has_key and "webauthn" not in done:
        return Step.WEBAUTHN
    if not has_totp:
        return Step.ENROL_TOTP
    if "totp" not in done and "webauthn" not in done:
        return Step.TOTP
    if cleared and not has_key:
        return Step.ENROL_WEBAUTHN
    return None


def pending_next_step(request: HttpRequest) -> Step | None:
    user = pending_user(request)
    return next_step(user, factors_done(request)) if user is not None else None


def finish(request: HttpRequest, user: User) -> str:
    """Log the user in for real; returns where to go next."""
    data = _pending(request) or {}
    factors = sorted(data.get("done", []))
    next_url = str(data.get("next") or settings.LOGIN_REDIRECT_URL)
    login(request, user, backend=data.get("backend"))
    abandon(request)
    now = time.time()
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session[FACTORS] = factors
    return next_url


def is_verified(request: HttpRequest) -> bool:
    """Whether this authenticated session went through the whole sign-in, MFA included."""
    session = request.session
    return bool(
        request.user.is_authenticated
        and session.get(LOGIN_AT)
        and session.get(FACTORS)
        and session.get(BACKEND_SESSION_KEY)
    )

"""Sign-in, lockout and sign-out. Every outcome is written to the audit chain.

Lockout: ``CHANCERY_LOGIN_MAX_FAILURES`` failed attempts for one username within
``CHANCERY_LOGIN_LOCK_SECONDS`` lock that username for the same duration; failures from one
client address are throttled at ``CHANCERY_LOGIN_IP_MAX_FAILURES`` per window. Locks apply to
any typed username, account or not, and the caller gets the same ``None`` for a wrong
password, an unknown account, a locked account and a throttled address, after the same
password-hashing work, so nothing tells them apart.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import authenticate, logout
from django.db import connection, transaction
from django.utils import timezone

from chancery.core import signin
from chancery.core.audit import record
from chancery.core.models import LoginAttempt, LoginLock, LoginOutcome, User

if TYPE_CHECKING:
    from datetime import datetime

    from django.http import HttpRequest


def normalise_username(username: str) -> str:
    return username.strip().casefold()[:150]


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _window_start(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.CHANCERY_LOGIN_LOCK_SECONDS)


def _lock_username(key: str) -> None:
    """Serialise attempts on one username so parallel guesses cannot overshoot the limit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('chancery-login'), hashtext(%s))", [key]
        )


def _is_locked(key: str, now: datetime) -> bool:
    return LoginLock.objects.filter(username=key, locked_until__gt=now).exists()


def _ip_throttled(ip: str | None, now: datetime) -> bool:
    if ip is None:
        return False
    refused = LoginAttempt.objects.filter(ip=ip, at__gte=_window_start(now)).exclude(
        outcome=LoginOutcome.SUCCESS
    )
    return refused.count() >= settings.CHANCERY_LOGIN_IP_MAX_FAILURES


def _register_failure(
    request: HttpRequest, key: str, user: User | None, outcome: LoginOutcome, now: datetime
) -> None:
    """Store the failed attempt and lock the username once it reaches the limit."""
    LoginAttempt.objects.create(username=key, ip=_client_ip(request), at=now, outcome=outcome)
    record(
        user,
        "auth.login.failed",
        data={"username": key, "reason": str(outcome)},
        request=request,
        object_type="core.user",
        object_id=str(user.pk) if user else "",
        object_label=key,
    )
    if outcome not in (LoginOutcome.FAILURE, LoginOutcome.MFA_FAILURE):
        return
    # A completed sign-in (MFA included) starts the count afresh; a right password alone does
    # not, or someone holding the password could guess codes forever.
    since = _window_start(now)
    last_success = (
        LoginAttempt.objects.filter(username=key, outcome=LoginOutcome.SUCCESS, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    failures = LoginAttempt.objects.filter(
        username=key,
        at__gte=last_success or since,
        outcome__in=[LoginOutcome.FAILURE, LoginOutcome.MFA_FAILURE],
    ).count()
    if failures >= settings.CHANCERY_LOGIN_MAX_FAILURES and not _is_locked(key, now):
        until = now + timedelta(seconds=settings.CHANCERY_LOGIN_LOCK_SECONDS)
        LoginLock.objects.create(username=key, locked_at=now, locked_until=until)
        record(
            user,
            "auth.login.locked",
            data={"username": key, "until": until.isoformat(), "failures": failures},
            request=request,
            object_type="core.user",
            object_id=str(user.pk) if user else "",
            object_label=key,
        )


def attempt_password(request: HttpRequest, username: str, password: str) -> User | None:
    """Check a username and password; the user if they may go on to MFA, else None.

    Called by the sign-in view for anyone. Refuses (None) a wrong password, an unknown or
    inactive account, a locked username and a throttled address, indistinguishably.
    """
    key = normalise_username(username)
    now = timezone.now()
    # The hasher runs first and always: unknown users cost the same time (Django's backend
    # hashes a dummy password for them), and so do locked ones.
    user = authenticate(request, username=username, password=password)
    with transaction.atomic():
        _lock_username(key)
        if _ip_throttled(_client_ip(request), now):
            outcome = LoginOutcome.THROTTLED
        elif _is_locked(key, now):
            outcome = LoginOutcome.LOCKED
        elif not isinstance(user, User):
            outcome = LoginOutcome.FAILURE
        else:
            record(user, "auth.login.password_ok", user, request=request)
            return user
        target = user if isinstance(user, User) else User.objects.filter(username=username).first()
        _register_failure(request, key, target, outcome, now)
    return None


def second_factor_failed(request: HttpRequest, user: User, factor: str) -> bool:
    """Count a wrong MFA code or assertion against the username; True if now locked.

    Called by the MFA views. A locked username abandons the sign-in in progress.
    """
    key = normalise_username(user.get_username())
    now = timezone.now()
    with transaction.atomic():
        _lock_username(key)
        _register_failure(request, key, user, LoginOutcome.MFA_FAILURE, now)
        record(user, "auth.mfa.failed", user, data={"factor": factor}, request=request)
        locked = _is_locked(key, now)
    if locked:
        signin.abandon(request)
    return locked


def is_locked(user: User) -> bool:
    return _is_locked(normalise_username(user.get_username()), timezone.now())


@transaction.atomic
def complete(request: HttpRequest, user: User) -> str:
    """Every factor is done: log the user in, audit it; returns the URL to go to."""
    factors = sorted(signin.factors_done(request))
    LoginAttempt.objects.create(
        username=normalise_username(user.get_username()),
        ip=_client_ip(request),
        at=timezone.now(),
        outcome=LoginOutcome.SUCCESS,
    )
    next_url = signin.finish(request, user)
    record(user, "auth.login.succeeded", user, data={"factors": factors}, request=request)
    return next_url


@transaction.atomic
def sign_out(request: HttpRequest) -> None:
    """The user asked to sign out (POST only)."""
    user = request.user
    if isinstance(user, User):
        record(user, "auth.logout", user, request=request)
    logout(request)


@transaction.atomic
def end_session(request: HttpRequest, reason: str) -> None:
    """The middleware ends a session that timed out or never went through MFA."""
    user = request.user
    if isinstance(user, User):
        record(user, "auth.session.ended", user, data={"reason": reason}, request=request)
    logout(request)

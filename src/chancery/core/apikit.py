"""What every app's API router takes from core: who is calling and what they may do.

Two ways in, tried in this order:

* a personal API token, ``Authorization: Bearer chy_<prefix>_<secret>``: refused (401) when
  unknown, revoked or expired, or when its owner's account is disabled;
* the browser's staff session, only once fully signed in (MFA included); unsafe methods must
  carry the CSRF token (``X-CSRFToken``), as every form of the workspace does.

Either way the caller acts as the user, with that user's *current* roles, clearance and
visibility. A token is further narrowed to its scopes; :func:`require_scope` checks them per
endpoint. Other apps reach this module through ``core.service``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf, contribute_operation_callback

from chancery.core import signin
from chancery.core.constants import API_SCOPES, ApiScope
from chancery.core.models import ApiToken, User
from chancery.lib.problems import CSRF_FAILED, INVALID_TOKEN, SCOPE_MISSING, Problem

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

F = TypeVar("F", bound=Callable[..., Any])

TOKEN_SCHEME = "chy"  # noqa: S105 - the public marker of a token, not a secret
TOKEN_PATTERN = re.compile(r"^chy_([0-9a-f]{12})_([0-9A-Za-z]{40})$")
# last_used_at is written at most this often per token: every request writing it would turn
# each API read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=1)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_PRINCIPAL = "_chancery_principal"
_ROLES = "_chancery_roles"


def hash_secret(secret: str) -> str:
    """SHA-256 of a token's secret part; 238 random bits need no salt nor slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Principal:
    """The caller of an API request: a user, through a token or through their session."""

    user: User
    token: ApiToken | None = None

    @property
    def key(self) -> str:
        """Stable identity for rate limits and idempotency records."""
        return f"token:{self.token.pk}" if self.token else f"user:{self.user.pk}"


def _token_problem(detail: StrOrPromise) -> Problem:
    return Problem(
        kind=INVALID_TOKEN,
        detail=detail,
        headers={"WWW-Authenticate": 'Bearer realm="chancery", error="invalid_token"'},
    )


def authenticate_token(raw: str) -> Principal:
    """The principal of a presented token string; raises a 401 Problem for any refusal."""
    match = TOKEN_PATTERN.match(raw.strip())
    if match is None:
        raise _token_problem(_("The token is not in the form chy_<prefix>_<secret>."))
    prefix, secret = match.groups()
    token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        raise _token_problem(_("The token is not recognised."))
    now = timezone.now()
    if token.is_revoked:
        raise _token_problem(_("The token has been revoked."))
    if token.is_expired(now):
        raise _token_problem(_("The token has expired."))
    if not token.owner.is_active:
        raise _token_problem(_("The account this token belongs to is disabled."))
    _touch(token, now)
    return Principal(token.owner, token)


def _touch(token: ApiToken, now: Any) -> None:
    stale = now - LAST_USED_GRANULARITY
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    # Conditional, so that concurrent requests on several machines write once, not once each.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)
    token.last_used_at = now


def _bearer(request: HttpRequest) -> str | None:
    scheme, _sep, credentials = request.headers.get("Authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None


def _identify(request: HttpRequest) -> Principal | None:
    raw = _bearer(request)
    if raw is not None:
        return authenticate_token(raw)
    user = getattr(request, "user", None)
    if user is None:
        return None
    if user.is_authenticated and user.is_active and signin.is_verified(request):
        # The object behind AuthenticationMiddleware's lazy proxy, not the proxy.
        return Principal(cast(User, getattr(user, "_wrapped", user)))
    return None


def identify(request: HttpRequest) -> Principal | None:
    """Who is calling (None: nobody); computed once per request, refusals included."""
    cached = request.__dict__.get(_PRINCIPAL, _PRINCIPAL)
    if isinstance(cached, Problem):
        raise cached
    if cached is not _PRINCIPAL:
        return cast(Principal | None, cached)
    try:
        principal = _identify(request)
    except Problem as problem:
        setattr(request, _PRINCIPAL, problem)
        raise
    setattr(request, _PRINCIPAL, principal)
    if principal is not None:
        # Code below the API reads request.user whichever way the caller came in.
        request.user = principal.user
    return principal


def enforce_csrf(request: HttpRequest) -> None:
    """Refuse (403 problem) an unsafe session request without a valid CSRF token."""
    if request.method not in _SAFE_METHODS and check_csrf(request) is not None:
        raise Problem(
            kind=CSRF_FAILED,
            detail=_("Send the CSRF token in the X-CSRFToken header with this request."),
        )


class TokenAuth(HttpBearer):
    """Personal API token in ``Authorization: Bearer chy_<prefix>_<secret>``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        principal = identify(request)
        return principal.user if principal is not None and principal.token else None


class SessionAuth(APIKeyCookie):
    """The workspace's signed-in session; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> User | None:
        if _bearer(request) is not None:
            return None
        principal = identify(request)
        if principal is None or principal.token is not None:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False):
            enforce_csrf(request)
        return principal.user

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        return self(request)


def api_auth() -> list[Any]:
    """The authentication of every endpoint unless it says otherwise."""
    return [TokenAuth(), SessionAuth()]


def _roles_of(user: User) -> frozenset[str]:
    from chancery.core.models.org import principal_users

    return frozenset(role for person in principal_users(user) for role in person.roles)


def _holds(user: User, scope: ApiScope, roles: Callable[[], frozenset[str]]) -> bool:
    return not scope.roles or user.is_superuser or bool(roles().intersection(scope.roles))


def scopes_allowed_for(user: User) -> frozenset[str]:
    """Every scope whose role condition ``user`` (or someone they act for) meets right now."""
    roles = _memo(lambda: _roles_of(user))
    return frozenset(code for code, scope in API_SCOPES.items() if _holds(user, scope, roles))


def _memo(compute: Callable[[], frozenset[str]]) -> Callable[[], frozenset[str]]:
    cache: list[frozenset[str]] = []

    def get() -> frozenset[str]:
        if not cache:
            cache.append(compute())
        return cache[0]

    return get


def has_scope(request: HttpRequest, code: str) -> bool:
    """Whether this request may use ``code``: the token carries it (if a token is used) and
    the owner's current roles allow it. Role lookups happen only for scopes that need them."""
    principal = identify(request)
    if principal is None:
        return False
    if principal.token is not None and code not in principal.token.scopes:
        return False
    roles = request.__dict__.get(_ROLES)
    if roles is None:
        roles = _memo(lambda: _roles_of(principal.user))
        setattr(request, _ROLES, roles)
    return _holds(principal.user, API_SCOPES[code], roles)


def granted_scopes(request: HttpRequest) -> frozenset[str]:
    """Everything this request may do: the owner's current scopes, narrowed to the token's."""
    return frozenset(code for code in API_SCOPES if has_scope(request, code))


def require_scope(*codes: str) -> Callable[[F], F]:
    """Refuse (403 problem) a request whose token or user lacks any of ``codes``.

    Put it under the router decorator (``@router.get(...)`` first, then ``@require_scope``).
    """
    unknown = [code for code in codes if code not in API_SCOPES]
    if unknown:
        raise ImproperlyConfigured(f"unregistered API scopes: {', '.join(unknown)}")

    def decorator(func: F) -> F:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            missing = [code for code in codes if not has_scope(request, code)]
            if missing:
                principal = identify(request)
                if principal is not None and principal.token is not None:
                    raise Problem(
                        kind=SCOPE_MISSING,
                        detail=_("This request needs the scopes: %(scopes)s.")
                        % {"scopes": ", ".join(missing)},
                    )
                raise Problem(403, _("Your roles do not allow this request."))
            return func(request, *args, **kwargs)

        def document(operation: Any) -> None:
            operation.openapi_extra = {
                **(operation.openapi_extra or {}),
                "x-required-scopes": list(codes),
            }

        contribute_operation_callback(wrapper, document)
        return cast(F, wrapper)

    return decorator


def rate_limit_class(name: str) -> Callable[[F], F]:
    """Count this endpoint against the rate-limit class ``name`` (settings: API rate limits)."""

    def decorator(func: F) -> F:
        func.rate_limit_class = name  # type: ignore[attr-defined]
        return func

    return decorator


def redact_on_replay(*fields: str) -> Callable[[F], F]:
    """Keep these top-level response fields out of the stored idempotent response.

    For secrets shown once: a replay answers with them set to null, never with the secret.
    """

    def decorator(func: F) -> F:
        func.idempotency_redact = fields  # type: ignore[attr-defined]
        return func

    return decorator

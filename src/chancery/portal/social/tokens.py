"""Renewing an X account's OAuth 2.0 access token with its refresh token.

X's user-context access tokens last two hours. An app granted the ``offline.access`` scope
also gets a refresh token, which it exchanges for a new pair: ``POST {token_url}`` with the
form ``grant_type=refresh_token&refresh_token=...`` (and ``client_id=...`` for a public
client; a confidential client authenticates with HTTP Basic ``client_id:client_secret``)
answers ``{"token_type": "bearer", "access_token", "refresh_token", "expires_in", "scope"}``.
The refresh token *rotates*: the one just used is spent, so the new one must be kept before
anything else. A spent, revoked or unknown refresh token answers 400 ``{"error":
"invalid_request"}`` (or ``invalid_grant``): only connecting the account again helps.

The pair lives in ``SocialToken`` (sealed). ``access_token(network)`` answers a token valid for
at least ``MARGIN`` more, renewing it first when needed, under a row lock so that two workers
never spend the same refresh token. ``chancery portal-x-token`` stores the first pair, obtained
from the app's authorization flow (docs/portal-dissemination.md).
"""

from __future__ import annotations

import base64
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from chancery.core import sealing
from chancery.portal.models import SocialToken
from chancery.portal.social import base
from chancery.portal.social.base import PermanentFailure, TemporaryFailure

# A token that expires within this is renewed before use (a post never leaves with a token
# that lapses on the way).
MARGIN = dt.timedelta(minutes=5)
REFUSED = frozenset({"invalid_request", "invalid_grant", "invalid_client", "unauthorized_client"})


def _context(network: str, kind: str) -> str:
    return f"portal.social-token:{network}:{kind}"


def stored(network: str) -> bool:
    return SocialToken.objects.filter(network=network).exists()


def forget(network: str) -> bool:
    """Delete the network's stored pair; whether there was one."""
    deleted, _ = SocialToken.objects.filter(network=network).delete()
    return bool(deleted)


def expires_at(network: str) -> dt.datetime | None:
    """When the stored access token expires; None when no pair is stored."""
    return SocialToken.objects.filter(network=network).values_list("expires_at", flat=True).first()


def store(
    network: str, *, access_token: str, refresh_token: str, expires_at: dt.datetime
) -> SocialToken:
    """Keep a pair (the operator's first one, or a renewal's), sealed."""
    token, _created = SocialToken.objects.update_or_create(
        network=network,
        defaults={
            "access_token": sealing.seal(access_token.encode(), _context(network, "access")),
            "refresh_token": sealing.seal(refresh_token.encode(), _context(network, "refresh")),
            "expires_at": expires_at,
        },
    )
    return token


def access_token(network: str, *, renew: bool = False) -> str | None:
    """The network's access token, renewed first when it expires within ``MARGIN`` (or when
    ``renew``: the network refused it before its time); None when none is stored."""
    with transaction.atomic():
        token = SocialToken.objects.select_for_update().filter(network=network).first()
        if token is None:
            return None
        if not renew and token.expires_at > timezone.now() + MARGIN:
            return sealing.unseal(bytes(token.access_token), _context(network, "access")).decode()
        refresh = sealing.unseal(bytes(token.refresh_token), _context(network, "refresh")).decode()
        access, new_refresh, expires_at = _renewed(refresh)
        store(network, access_token=access, refresh_token=new_refresh, expires_at=expires_at)
        return access


def _renewed(refresh_token: str) -> tuple[str, str, dt.datetime]:
    """Exchange ``refresh_token`` at X's token endpoint: the new access token, the refresh
    token to keep (the new one; the old one when none came back) and the expiry."""
    client_id = settings.CHANCERY_PORTAL_X_CLIENT_ID
    secret = settings.CHANCERY_PORTAL_X_CLIENT_SECRET
    if not client_id:
        raise PermanentFailure("X token expired: CHANCERY_PORTAL_X_CLIENT_ID is not set")
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    headers: dict[str, str] = {}
    if secret:
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        headers["Authorization"] = f"Basic {basic}"
    else:
        form["client_id"] = client_id
    answer = base.call("POST", settings.CHANCERY_PORTAL_X_TOKEN_URL, form=form, headers=headers)
    body = answer.body if isinstance(answer.body, dict) else {}
    secrets = (refresh_token, secret)
    if answer.status >= 500 or answer.status == 429:
        raise TemporaryFailure(base.short(f"X token renewal: {answer.status}", secrets=secrets))
    if answer.status != 200 or not body.get("access_token"):
        error = str(body.get("error") or answer.status)
        described = base.short(
            f"X refused to renew the token ({error}): connect the account again "
            f"(chancery portal-x-token)",
            secrets=secrets,
        )
        if error in REFUSED or 400 <= answer.status < 500:
            raise PermanentFailure(described)
        raise TemporaryFailure(described)
    lifetime = int(body.get("expires_in") or 7200)
    expires_at = timezone.now() + dt.timedelta(seconds=lifetime)
    return str(body["access_token"]), str(body.get("refresh_token") or refresh_token), expires_at

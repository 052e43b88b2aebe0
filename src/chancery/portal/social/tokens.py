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
never spend the same refresh token.

The first pair comes from connecting the account: OAuth 2.0's authorization code flow with
PKCE (RFC 7636), as X serves it. ``authorization(redirect_uri)`` gives the URL of X's consent
screen (``response_type=code``, the app's ``client_id``, the registered ``redirect_uri``,
``SCOPES``, a random ``state`` and the SHA-256 ``code_challenge`` of a random verifier); X sends
the operator back to ``redirect_uri?state=...&code=...`` (or ``error=access_denied``), and
``connect(code, ...)`` exchanges the code (``grant_type=authorization_code`` with the same
``redirect_uri`` and the ``code_verifier``; a code holds 30 seconds) for the pair and stores it.
The CMS runs this (``views/social.py``); ``chancery portal-x-token`` takes a refresh token
obtained elsewhere (docs/portal-dissemination.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets as random
import urllib.parse
from dataclasses import dataclass

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
# What the account grants the app: posting, reading its own posts and profile (to find a post
# that was made but not recorded), and a refresh token (``offline.access``).
SCOPES = "tweet.read tweet.write users.read offline.access"
RECONNECT = "connect the account again (CMS: Settings, Social networks; or chancery portal-x-token)"


def _context(network: str, kind: str) -> str:
    return f"portal.social-token:{network}:{kind}"


def stored(network: str) -> bool:
    return SocialToken.objects.filter(network=network).exists()


def forget(network: str) -> bool:
    """Delete the network's stored pair; whether there was one."""
    deleted, _ = SocialToken.objects.filter(network=network).delete()
    return bool(deleted)


def name_account(network: str, account: str) -> None:
    """Note which account the stored pair belongs to (e.g. ``@mofa``), for the CMS to show."""
    SocialToken.objects.filter(network=network).update(account=account[:100])


def connected(network: str) -> tuple[str, dt.datetime] | None:
    """The stored pair's account name ("" when unknown) and access token expiry, or None."""
    return SocialToken.objects.filter(network=network).values_list("account", "expires_at").first()


def expires_at(network: str) -> dt.datetime | None:
    """When the stored access token expires; None when no pair is stored."""
    found = connected(network)
    return found[1] if found else None


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


def access_token(network: str, *, refused: str | None = None, renew: bool = False) -> str | None:
    """The network's access token, renewed first when it expires within ``MARGIN``, when
    ``renew``, or when it is still ``refused`` (the network refused that token before its
    time; a worker that finds it already replaced uses the new one instead of renewing again);
    None when none is stored."""
    with transaction.atomic():
        token = SocialToken.objects.select_for_update().filter(network=network).first()
        if token is None:
            return None
        access = sealing.unseal(bytes(token.access_token), _context(network, "access")).decode()
        if not renew and token.expires_at > timezone.now() + MARGIN and access != refused:
            return access
        refresh = sealing.unseal(bytes(token.refresh_token), _context(network, "refresh")).decode()
        access, new_refresh, expires_at = _exchange(
            {"grant_type": "refresh_token", "refresh_token": refresh},
            refused=f"X refused to renew the token ({{error}}): {RECONNECT}",
            sensitive=(refresh,),
        )
        store(
            network,
            access_token=access,
            refresh_token=new_refresh or refresh,
            expires_at=expires_at,
        )
        return access


@dataclass(frozen=True)
class Authorization:
    """Where to send the operator (``url``), and what to keep until X sends them back: the
    ``state`` the answer must carry and the PKCE ``verifier``."""

    url: str
    state: str
    verifier: str


def authorization(redirect_uri: str) -> Authorization:
    """The start of connecting the X account (see the module's doc)."""
    if not settings.CHANCERY_PORTAL_X_CLIENT_ID:
        raise PermanentFailure("CHANCERY_PORTAL_X_CLIENT_ID is not set")
    verifier = random.token_urlsafe(64)  # 86 characters (RFC 7636: 43 to 128)
    state = random.token_urlsafe(24)
    query = {
        "response_type": "code",
        "client_id": settings.CHANCERY_PORTAL_X_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": SCOPES,
        "state": state,
        "code_challenge": _challenge(verifier),
        "code_challenge_method": "S256",
    }
    url = f"{settings.CHANCERY_PORTAL_X_AUTHORIZE_URL}?{urllib.parse.urlencode(query)}"
    return Authorization(url=url, state=state, verifier=verifier)


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def connect(network: str, code: str, *, verifier: str, redirect_uri: str) -> dt.datetime:
    """Exchange the authorization ``code`` X sent back for the account's pair, store it and
    answer until when the access token holds. Raises ``PermanentFailure`` when X refuses the
    code or grants no refresh token, ``TemporaryFailure`` when X cannot be reached."""
    access, refresh, expires_at = _exchange(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        refused="X refused the authorization ({error}): connect the account again",
        sensitive=(code, verifier),
    )
    if not refresh:
        raise PermanentFailure(f"X granted no refresh token: the app must ask for {SCOPES}")
    store(network, access_token=access, refresh_token=refresh, expires_at=expires_at)
    return expires_at


def _exchange(
    form: dict[str, str], *, refused: str, sensitive: tuple[str, ...]
) -> tuple[str, str, dt.datetime]:
    """One call to X's token endpoint as the app: the access token, the refresh token ("" when
    none came back) and the expiry. ``refused`` (with ``{error}``) describes a refusal; the
    ``sensitive`` values never appear in an error."""
    client_id = settings.CHANCERY_PORTAL_X_CLIENT_ID
    secret = settings.CHANCERY_PORTAL_X_CLIENT_SECRET
    if not client_id:
        raise PermanentFailure("X: CHANCERY_PORTAL_X_CLIENT_ID is not set")
    form = dict(form)
    headers: dict[str, str] = {}
    if secret:
        basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        headers["Authorization"] = f"Basic {basic}"
    else:
        form["client_id"] = client_id
    answer = base.call("POST", settings.CHANCERY_PORTAL_X_TOKEN_URL, form=form, headers=headers)
    body = answer.body if isinstance(answer.body, dict) else {}
    hidden = (*sensitive, secret)
    if answer.status >= 500 or answer.status == 429:
        raise TemporaryFailure(base.short(f"X token endpoint: {answer.status}", secrets=hidden))
    if answer.status != 200 or not body.get("access_token"):
        error = str(body.get("error") or answer.status)
        described = base.short(refused.format(error=error), secrets=hidden)
        if error in REFUSED or 400 <= answer.status < 500:
            raise PermanentFailure(described)
        raise TemporaryFailure(described)
    lifetime = int(body.get("expires_in") or 7200)
    expires_at = timezone.now() + dt.timedelta(seconds=lifetime)
    return str(body["access_token"]), str(body.get("refresh_token") or ""), expires_at

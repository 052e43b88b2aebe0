"""Sign-in through OpenID Connect providers, such as the national e-identity (VNeID).

Providers come from ``settings.CHANCERY_OIDC_PROVIDERS`` (``{name: {issuer, client_id,
client_secret, scopes, label, claims}}``; see conf/base.py for the environment variables).
The flow is the authorization-code flow with PKCE (S256), ``state`` and ``nonce``:

1. ``begin`` reads the provider's discovery document, keeps state, nonce and the PKCE
   verifier in the session and returns the authorization URL;
2. ``complete`` checks the state, exchanges the code (client secret over HTTP Basic, PKCE
   verifier), validates the ID token (RS256 or ES256 signature against the provider's JWKS,
   ``iss``, ``aud``/``azp``, ``exp``, ``nonce``) and returns its claims, completed by the
   userinfo endpoint when the ID token lacks some;
3. ``link_or_create`` finds the applicant by (issuer, subject), or links the account with
   the same verified e-mail address, or creates one.

``eservices.fakes.oidc`` is a local provider honouring the same protocol, for tests and demo.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import record_audit
from chancery.eservices.exceptions import EservicesError
from chancery.eservices.models import Applicant

SESSION_KEY = "eservices.oidc"
FLOW_SECONDS = 600
LEEWAY_SECONDS = 60
CACHE_SECONDS = 3600
ALGORITHMS = frozenset({"RS256", "ES256"})
DEFAULT_CLAIMS = {
    "email": "email",
    "email_verified": "email_verified",
    "full_name": "name",
    "id_number": "id_number",
    "phone": "phone_number",
}


class OidcError(EservicesError):
    code = "oidc-error"
    status = 400
    message = _(
        "Signing in with your e-identity did not work. Try again, or sign in with your "
        "e-mail address and password."
    )


class UnknownProvider(OidcError):
    message = _("This way of signing in is not available.")


class NoVerifiedEmail(OidcError):
    message = _(
        "Your e-identity did not share a confirmed e-mail address, which we need to send you "
        "news of your dossiers. Add one to your e-identity, or create an account with your "
        "e-mail address."
    )


@dataclass(frozen=True)
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str = ""
    scopes: str = "openid email profile"
    label: str = ""
    claims: dict[str, str] = field(default_factory=dict)

    def claim(self, ours: str, claims: dict[str, Any]) -> Any:
        return claims.get({**DEFAULT_CLAIMS, **self.claims}.get(ours, ours))


def providers() -> dict[str, Provider]:
    """The configured providers by name (those with an issuer and a client id)."""
    configured = getattr(settings, "CHANCERY_OIDC_PROVIDERS", None) or {}
    found: dict[str, Provider] = {}
    for name, options in configured.items():
        if not options.get("issuer") or not options.get("client_id"):
            continue
        found[name] = Provider(
            name=name,
            issuer=str(options["issuer"]).rstrip("/"),
            client_id=str(options["client_id"]),
            client_secret=str(options.get("client_secret") or ""),
            scopes=str(options.get("scopes") or "openid email profile"),
            label=str(options.get("label") or name),
            claims=dict(options.get("claims") or {}),
        )
    return found


def get_provider(name: str) -> Provider:
    try:
        return providers()[name]
    except KeyError:
        raise UnknownProvider() from None


# HTTP ----------------------------------------------------------------------------------------

_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def _http_json(
    url: str, *, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    if not url.startswith(("https://", "http://")):  # never file: or other schemes
        raise OidcError(detail=f"{url}: not an HTTP URL")
    body = urllib.parse.urlencode(data).encode("ascii") if data is not None else None
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=body, headers={"Accept": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise OidcError(detail=f"{url}: {exc}") from exc
    if not isinstance(answer, dict):
        raise OidcError(detail=f"{url}: not a JSON object")
    return answer


def _cached(url: str, refresh: bool = False) -> dict[str, Any]:
    hit = _cache.get(url)
    if hit and not refresh and hit[0] > time.monotonic():
        return hit[1]
    document = _http_json(url)
    _cache[url] = (time.monotonic() + CACHE_SECONDS, document)
    return document


def discover(provider: Provider) -> dict[str, Any]:
    """The provider's discovery document; refuses one that names another issuer."""
    document = _cached(f"{provider.issuer}/.well-known/openid-configuration")
    if str(document.get("issuer", "")).rstrip("/") != provider.issuer:
        raise OidcError(detail="discovery names another issuer")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not document.get(key):
            raise OidcError(detail=f"discovery lacks {key}")
    return document


# ID token validation -------------------------------------------------------------------------


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int(text: str) -> int:
    return int.from_bytes(b64decode(text), "big")


def _verify(alg: str, jwk: dict[str, Any], signing_input: bytes, signature: bytes) -> None:
    if jwk.get("alg") not in (None, alg):
        raise InvalidSignature()
    if alg == "RS256" and jwk.get("kty") == "RSA":
        key = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
        key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "ES256" and jwk.get("kty") == "EC" and jwk.get("crv") == "P-256":
        if len(signature) != 64:
            raise InvalidSignature()
        point = ec.EllipticCurvePublicNumbers(_int(jwk["x"]), _int(jwk["y"]), ec.SECP256R1())
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        point.public_key().verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    else:
        raise InvalidSignature()


def _keys_for(jwks_uri: str, kid: str | None, refresh: bool) -> list[dict[str, Any]]:
    keys = [k for k in _cached(jwks_uri, refresh).get("keys", []) if isinstance(k, dict)]
    return [k for k in keys if kid is None or k.get("kid") == kid]


def validate_id_token(
    token: str, *, provider: Provider, jwks_uri: str, nonce: str, now: float | None = None
) -> dict[str, Any]:
    """The claims of ``token`` once its signature, issuer, audience, expiry and nonce check
    out; ``OidcError`` otherwise (a key not in the cached JWKS refetches it once)."""
    try:
        head_b64, body_b64, signature_b64 = token.split(".")
        header = json.loads(b64decode(head_b64))
        claims = json.loads(b64decode(body_b64))
        signature = b64decode(signature_b64)
    except ValueError as exc:
        raise OidcError(detail="malformed ID token") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise OidcError(detail="malformed ID token")
    alg = header.get("alg")
    if alg not in ALGORITHMS:
        raise OidcError(detail=f"ID token algorithm {alg!r} refused")
    signing_input = f"{head_b64}.{body_b64}".encode("ascii")
    kid = header.get("kid")
    verified = False
    for refresh in (False, True):
        for jwk in _keys_for(jwks_uri, kid, refresh):
            try:
                _verify(str(alg), jwk, signing_input, signature)
            except (InvalidSignature, KeyError, ValueError):
                continue
            verified = True
            break
        if verified:
            break
    if not verified:
        raise OidcError(detail="ID token signature does not verify")
    moment = time.time() if now is None else now
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if str(claims.get("iss", "")).rstrip("/") != provider.issuer:
        raise OidcError(detail="ID token from another issuer")
    if provider.client_id not in audiences:
        raise OidcError(detail="ID token for another audience")
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise OidcError(detail="ID token authorised for another party")
    if not isinstance(claims.get("exp"), int | float) or claims["exp"] < moment - LEEWAY_SECONDS:
        raise OidcError(detail="ID token expired")
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OidcError(detail="ID token nonce does not match")
    if not claims.get("sub"):
        raise OidcError(detail="ID token without subject")
    return claims


# The flow ------------------------------------------------------------------------------------


def begin(
    session: SessionBase, provider: Provider, *, redirect_uri: str, next_url: str = ""
) -> str:
    """Start a sign-in: remember state, nonce and PKCE verifier; the URL to send the browser to."""
    document = discover(provider)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    challenge = b64encode(hashlib.sha256(verifier.encode("ascii")).digest())
    flows = {
        key: flow
        for key, flow in dict(session.get(SESSION_KEY) or {}).items()
        if flow.get("at", 0) > time.time() - FLOW_SECONDS
    }
    flows[state] = {
        "provider": provider.name,
        "nonce": nonce,
        "verifier": verifier,
        "redirect_uri": redirect_uri,
        "next": next_url,
        "at": time.time(),
    }
    session[SESSION_KEY] = flows
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri,
            "scope": provider.scopes,
            "state": state,
            "nonce": nonce,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    endpoint = str(document["authorization_endpoint"])
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


@dataclass(frozen=True)
class Outcome:
    claims: dict[str, Any]
    next_url: str


def complete(session: SessionBase, provider: Provider, *, code: str, state: str) -> Outcome:
    """Finish a sign-in at the callback: the verified claims and where to go next.

    Refuses (``OidcError``) an unknown or expired state, a state of another provider, a
    refused code exchange and an ID token that does not validate.
    """
    flows = dict(session.get(SESSION_KEY) or {})
    flow = flows.pop(state, None) if state else None
    session[SESSION_KEY] = flows
    if (
        flow is None
        or flow.get("provider") != provider.name
        or flow.get("at", 0) < time.time() - FLOW_SECONDS
        or not code
    ):
        raise OidcError(detail="unknown or expired state")
    document = discover(provider)
    basic = base64.b64encode(
        f"{urllib.parse.quote(provider.client_id)}:{urllib.parse.quote(provider.client_secret)}".encode()
    ).decode("ascii")
    tokens = _http_json(
        str(document["token_endpoint"]),
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": flow["redirect_uri"],
            "code_verifier": flow["verifier"],
            "client_id": provider.client_id,
        },
        headers={"Authorization": f"Basic {basic}"},
    )
    if not tokens.get("id_token"):
        raise OidcError(detail=f"token endpoint answered {tokens.get('error', 'no ID token')}")
    claims = validate_id_token(
        str(tokens["id_token"]),
        provider=provider,
        jwks_uri=str(document["jwks_uri"]),
        nonce=str(flow["nonce"]),
    )
    if document.get("userinfo_endpoint") and tokens.get("access_token"):
        extra = _http_json(
            str(document["userinfo_endpoint"]),
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
        if extra.get("sub") == claims["sub"]:  # userinfo of someone else is ignored
            claims = {**extra, **claims}
    return Outcome(claims=claims, next_url=str(flow.get("next") or ""))


def link_or_create(provider: Provider, claims: dict[str, Any]) -> Applicant:
    """The applicant for these verified claims: the one already linked to (issuer, subject),
    else the account with the same verified e-mail address (then linked), else a new one.

    Refuses (``NoVerifiedEmail``) claims without a verified e-mail address when no account is
    linked yet, and an inactive account (``OidcError``).
    """
    subject = str(claims["sub"])
    with transaction.atomic():
        applicant = Applicant.objects.filter(
            oidc_issuer=provider.issuer, oidc_subject=subject
        ).first()
        if applicant is None:
            email = str(provider.claim("email", claims) or "").strip().lower()
            verified = provider.claim("email_verified", claims)
            if not email or verified not in (True, "true", "True", 1):
                raise NoVerifiedEmail()
            applicant = Applicant.objects.select_for_update().filter(email__iexact=email).first()
            if applicant is not None and applicant.oidc_subject:
                raise OidcError(detail="address linked to another e-identity")
            created = applicant is None
            if applicant is None:
                applicant = Applicant(
                    email=email,
                    full_name=str(provider.claim("full_name", claims) or email)[:255],
                    language="vi",
                )
            applicant.oidc_issuer = provider.issuer
            applicant.oidc_subject = subject
            applicant.email_verified_at = applicant.email_verified_at or timezone.now()
            for ours in ("id_number", "phone"):
                value = str(provider.claim(ours, claims) or "")[:32]
                if value and not getattr(applicant, ours):
                    setattr(applicant, ours, value)
            try:
                with transaction.atomic():
                    applicant.save()
            except IntegrityError as exc:
                raise OidcError(detail="account already linked") from exc
            record_audit(
                None,
                "eservices.applicant.oidc_created"
                if created
                else "eservices.applicant.oidc_linked",
                applicant,
                data={"provider": provider.name},
            )
        if not applicant.is_active:
            raise OidcError()
    return applicant

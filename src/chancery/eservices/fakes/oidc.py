"""A local OpenID Connect provider (real HTTP on loopback) standing in for the national
e-identity: discovery, authorize (PKCE S256), token, JWKS and userinfo, RS256 ID tokens signed
with an RSA key generated at start.

Tests::

    with FakeOidcProvider(client_id="chancery", client_secret="s3cret") as idp:
        settings.CHANCERY_OIDC_PROVIDERS = {"vneid": idp.settings()}

``authorize`` consents at once for ``identity`` (the test citizen) and redirects back with a
code; with ``auto_consent=False`` it shows a one-button consent page instead. To test the
relying party's checks, ``tamper`` changes the next ID token's claims, and ``bad_signature``
signs it with another key.

Demo (``make run``): ``python -m chancery.eservices.fakes.oidc --port 8026`` prints the
environment to export (``CHANCERY_OIDC_PROVIDERS=vneid`` and its issuer, client id and secret)
before starting Chancery; "Sign in with VNeID (demo)" then signs in the demo citizen.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from chancery.lib.fakeserver import FakeHandler, FakeServer

DEMO_IDENTITY = {
    "sub": "vneid-001-079-123-456",
    "name": "Nguyễn Văn An",
    "email": "an.nguyen@example.test",
    "email_verified": True,
    "phone_number": "+84901234567",
    "id_number": "079123456789",
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _uint(value: int) -> str:
    return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class FakeOidcProvider(FakeServer):
    def __init__(
        self,
        *,
        client_id: str = "chancery",
        client_secret: str = "test-client-secret",  # noqa: S107 (a fake's test credential)
        identity: dict[str, Any] | None = None,
        auto_consent: bool = True,
        port: int = 0,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.identity = dict(identity or DEMO_IDENTITY)
        self.auto_consent = auto_consent
        self.tamper: Callable[[dict[str, Any]], dict[str, Any]] | None = None
        self.bad_signature = False
        self.kid = secrets.token_hex(8)
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._codes: dict[str, dict[str, Any]] = {}
        self._access: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.port = port
        self.bind()

    @property
    def issuer(self) -> str:
        return self.base_url

    def settings(self, **extra: Any) -> dict[str, Any]:
        """The relying party's settings for this provider (``CHANCERY_OIDC_PROVIDERS[name]``)."""
        return {
            "issuer": self.issuer,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "scopes": "openid email profile",
            "label": "VNeID",
            "claims": {},
            **extra,
        }

    # Protocol --------------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile", "phone"],
        }

    def jwks(self) -> dict[str, Any]:
        numbers = self._key.public_key().public_numbers()
        return {
            "keys": [
                {
                    "kty": "RSA",
                    "kid": self.kid,
                    "use": "sig",
                    "alg": "RS256",
                    "n": _uint(numbers.n),
                    "e": _uint(numbers.e),
                }
            ]
        }

    def sign(self, claims: dict[str, Any]) -> str:
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = (
            f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        ).encode("ascii")
        key = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if self.bad_signature
            else self._key
        )
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input.decode('ascii')}.{_b64(signature)}"

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """(status, headers, body) for an authorization request that the user approves."""
        redirect_uri = query.get("redirect_uri", "")
        problems = [
            query.get("client_id") != self.client_id and "unknown client",
            query.get("response_type") != "code" and "unsupported response_type",
            "openid" not in query.get("scope", "").split() and "openid scope missing",
            query.get("code_challenge_method") != "S256" and "PKCE S256 required",
            not query.get("code_challenge") and "PKCE S256 required",
            not redirect_uri.startswith(("http://", "https://")) and "bad redirect_uri",
        ]
        refused = [p for p in problems if p]
        if refused:
            return 400, {"Content-Type": "text/plain; charset=utf-8"}, refused[0]
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {**query, "at": time.time()}
        back = {"code": code, "state": query.get("state", "")}
        separator = "&" if "?" in redirect_uri else "?"
        return 302, {"Location": f"{redirect_uri}{separator}{urllib.parse.urlencode(back)}"}, ""

    def token(self, form: dict[str, str], authorization: str) -> tuple[int, dict[str, Any]]:
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode("utf-8")
            user, _sep, password = decoded.partition(":")
            client_id, client_secret = urllib.parse.unquote(user), urllib.parse.unquote(password)
        if client_id != self.client_id or client_secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # one use
        if grant is None or grant["at"] < time.time() - 300:
            return 400, {"error": "invalid_grant"}
        if grant.get("redirect_uri") != form.get("redirect_uri"):
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        verifier = form.get("code_verifier", "")
        if _b64(hashlib.sha256(verifier.encode("ascii")).digest()) != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier"}
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": self.identity["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.get("nonce", ""),
            **{k: v for k, v in self.identity.items() if k != "sub"},
        }
        if self.tamper is not None:
            claims = self.tamper(claims)
        access = secrets.token_urlsafe(24)
        with self._lock:
            self._access[access] = dict(self.identity)
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.sign(claims),
        }

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            identity = self._access.get(authorization.removeprefix("Bearer ").strip())
        if identity is None:
            return 401, {"error": "invalid_token"}
        return 200, identity

    def handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(FakeHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    self._json(200, provider.jwks())
                elif url.path == "/userinfo":
                    self._json(*provider.userinfo(self.headers.get("Authorization", "")))
                elif url.path == "/authorize" and provider.auto_consent:
                    self._reply(*provider.authorize(query))
                elif url.path == "/authorize":
                    self.send_html(200, _consent(query))
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                form = self.read_form()
                path = urllib.parse.urlsplit(self.path).path
                if path == "/token":
                    self._json(*provider.token(form, self.headers.get("Authorization", "")))
                elif path == "/authorize" and form.pop("consent", "") == "yes":
                    self._reply(*provider.authorize(form))
                else:
                    self._json(400 if path == "/authorize" else 404, {"error": "access_denied"})

            def _json(self, status: int, body: dict[str, Any]) -> None:
                self.send_json(status, body, {"Cache-Control": "no-store"})

            def _reply(self, status: int, headers: dict[str, str], body: str) -> None:
                self.send(status, body, headers)

        return Handler


def _consent(query: dict[str, str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fake VNeID</title>'
        "</head><body><main><h1>Fake VNeID</h1><p>Share your identity with Chancery?</p>"
        f'<form method="post" action="/authorize">{hidden}'
        '<button type="submit" name="consent" value="yes">Allow</button></form>'
        "</main></body></html>"
    )


def main() -> None:  # pragma: no cover (the demo's entry point)
    parser = argparse.ArgumentParser(description="A local fake of the national e-identity.")
    parser.add_argument("--port", type=int, default=8026)
    parser.add_argument("--consent-page", action="store_true", help="ask before consenting")
    options = parser.parse_args()
    provider = FakeOidcProvider(
        client_id="chancery",
        client_secret="demo-secret",  # noqa: S106 (the demo's fake credential)
        auto_consent=not options.consent_page,
        port=options.port,
    ).start()
    print(  # noqa: T201
        "export CHANCERY_OIDC_PROVIDERS=vneid "
        f"CHANCERY_OIDC_VNEID_ISSUER={provider.issuer} CHANCERY_OIDC_VNEID_CLIENT_ID=chancery "
        "CHANCERY_OIDC_VNEID_CLIENT_SECRET=demo-secret 'CHANCERY_OIDC_VNEID_LABEL=VNeID (demo)'"
    )
    provider.serve_until_interrupted()


if __name__ == "__main__":  # pragma: no cover
    main()

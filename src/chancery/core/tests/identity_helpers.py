"""Helpers for sign-in tests: TOTP codes, the whole sign-in, a software WebAuthn authenticator.

The authenticator builds real WebAuthn messages (authenticatorData, clientDataJSON, a "none"
attestation in CBOR, ECDSA P-256 signatures) so the server's verification runs for real.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from typing import TYPE_CHECKING, Any, cast

import cbor2
import pyotp
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django.urls import reverse
from webauthn.helpers import bytes_to_base64url

from chancery.core.actions import mfa
from chancery.core.models import User

if TYPE_CHECKING:
    from chancery.core.models import Compartment, Position, Unit
from chancery.core.tests.factories import TEST_PASSWORD

SITE_URL = "https://chancery.test"

RP_ID = "chancery.test"


@pytest.fixture(autouse=False)
def english(settings: Any) -> None:
    """Assertions read English text whatever the default language's catalogue holds."""
    settings.LANGUAGE_CODE = "en"
    settings.CHANCERY_SITE_URL = SITE_URL


def enrol_totp(user: User) -> str:
    """Give ``user`` a confirmed authenticator app; returns its secret."""
    device = mfa.pending_device(user)
    secret = mfa.device_secret(device)
    # Confirm with the previous step's code so that the current one is still unused. A step
    # that ends between making the code and checking it (a busy machine) makes it two steps
    # old: then once more with the new step's previous code (a refused code changes nothing).
    for _attempt in range(2):
        previous = pyotp.TOTP(secret).at(time.time() - 30)
        if mfa.confirm_totp(user, previous) is not None:
            return secret
    raise AssertionError("the authenticator's code was refused twice")


def code(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def password_step(client: Client, username: str, password: str = TEST_PASSWORD) -> Any:
    return client.post(reverse("core:login"), {"username": username, "password": password})


def sign_in(client: Client, user: User, secret: str) -> None:
    """The full sign-in of a user who has an app and needs no security key."""
    response = password_step(client, user.username)
    assert response["Location"] == reverse("core:login_totp")
    response = client.post(reverse("core:login_totp"), {"code": code(secret)})
    assert response.status_code == 302, response.content


class SoftAuthenticator:
    """A security key in software: one P-256 credential for one relying party."""

    def __init__(self, rp_id: str = RP_ID, origin: str = SITE_URL) -> None:
        self.rp_id = rp_id
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def _cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _authenticator_data(self, flags: int, attested: bool = False) -> bytes:
        data = hashlib.sha256(self.rp_id.encode()).digest()
        data += bytes([flags]) + self.sign_count.to_bytes(4, "big")
        if attested:
            data += bytes(16)  # AAGUID: none
            data += len(self.credential_id).to_bytes(2, "big") + self.credential_id
            data += self._cose_public_key()
        return data

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        body = {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        return json.dumps(body).encode()

    def _credential_json(self, response: dict[str, Any]) -> str:
        raw_id = bytes_to_base64url(self.credential_id)
        body = {"id": raw_id, "rawId": raw_id, "type": "public-key", "response": response}
        return json.dumps({**body, "clientExtensionResults": {}})

    def register(self, options: dict[str, Any], origin: str | None = None) -> str:
        """The JSON ``navigator.credentials.create`` would give the page."""
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        auth_data = self._authenticator_data(0x01 | 0x04 | 0x40, attested=True)  # UP, UV, AT
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return self._credential_json(
            {
                "clientDataJSON": bytes_to_base64url(client_data),
                "attestationObject": bytes_to_base64url(attestation),
                "transports": ["usb"],
            }
        )

    def assertion(
        self,
        options: dict[str, Any],
        *,
        counter: int | None = None,
        signing_key: ec.EllipticCurvePrivateKey | None = None,
        origin: str | None = None,
    ) -> str:
        """The JSON ``navigator.credentials.get`` would give the page."""
        self.sign_count = self.sign_count + 1 if counter is None else counter
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        auth_data = self._authenticator_data(0x01 | 0x04)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = (signing_key or self.key).sign(signed, ec.ECDSA(hashes.SHA256()))
        return self._credential_json(
            {
                "clientDataJSON": bytes_to_base64url(client_data),
                "authenticatorData": bytes_to_base64url(auth_data),
                "signature": bytes_to_base64url(signature),
            }
        )


def staff(**fields: Any) -> User:
    """A staff member from the shared factory, typed for mypy."""
    from chancery.core.tests.factories import UserFactory

    return cast("User", UserFactory(**fields))


def staff_batch(size: int, **fields: Any) -> list[User]:
    return [staff(**fields) for _ in range(size)]


def make_unit(**fields: Any) -> Unit:
    from chancery.core.tests.factories import UnitFactory

    return cast("Unit", UnitFactory(**fields))


def make_compartment(**fields: Any) -> Compartment:
    from chancery.core.tests.factories import CompartmentFactory

    return cast("Compartment", CompartmentFactory(**fields))


def make_position(**fields: Any) -> Position:
    from chancery.core.tests.factories import PositionFactory

    return cast("Position", PositionFactory(**fields))

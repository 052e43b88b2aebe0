"""The WebAuthn relying party: who we are (from CHANCERY_SITE_URL) and ceremony options.

The challenge of a ceremony lives in the session and is popped when the answer comes back, so
each challenge is answered at most once.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from chancery.core import sealing

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User

RP_NAME = "Chancery"
_CHALLENGE = "chancery.webauthn.{}"
_KNOWN_TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


def relying_party() -> tuple[str, str]:
    """(RP id, expected origin): the host name and the scheme://host[:port] of the site URL."""
    parts = urlsplit(str(settings.CHANCERY_SITE_URL))
    return parts.hostname or "localhost", f"{parts.scheme}://{parts.netloc}"


def user_handle(user: User) -> bytes:
    """A stable opaque handle: the authenticator never learns the username or the id."""
    return hmac.new(
        sealing.key_for("webauthn-user"), str(user.pk).encode(), hashlib.sha256
    ).digest()


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=bytes(credential.credential_id))
        for credential in user.webauthn_credentials.all()
    ]


def registration_options(request: HttpRequest, user: User) -> str:
    """Options for ``navigator.credentials.create`` as JSON; remembers the challenge."""
    rp_id, _origin = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=user.get_username(),
        user_id=user_handle(user),
        user_display_name=str(user),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[_CHALLENGE.format("register")] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def authentication_options(request: HttpRequest, user: User) -> str:
    """Options for ``navigator.credentials.get`` as JSON; remembers the challenge."""
    rp_id, _origin = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[_CHALLENGE.format("authenticate")] = bytes_to_base64url(options.challenge)
    return str(options_to_json(options))


def pop_challenge(request: HttpRequest, ceremony: str) -> bytes | None:
    value = request.session.pop(_CHALLENGE.format(ceremony), None)
    return base64url_to_bytes(value) if isinstance(value, str) else None


def parse_credential(raw: str) -> dict[str, Any] | None:
    """The browser's JSON answer as a dict, or None if it is not even JSON of that shape."""
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("rawId"), str) else None


def transports_of(credential: dict[str, Any]) -> list[str]:
    response = credential.get("response")
    listed = response.get("transports", []) if isinstance(response, dict) else []
    return [str(t) for t in listed if t in _KNOWN_TRANSPORTS] if isinstance(listed, list) else []

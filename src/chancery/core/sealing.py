"""Sealing small secrets at rest (TOTP secrets) and keyed hashing of one-time codes.

AES-256-GCM with a random 96-bit nonce; the associated data binds a sealed value to its owner
(e.g. ``totp:42``), so a row copied onto another account does not open. The key is
``CHANCERY_MFA_KEY`` (base64, 32 bytes) when set, otherwise derived from ``SECRET_KEY`` with
HKDF-SHA256. A dedicated key lets operators rotate SECRET_KEY without re-enrolling everyone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_VERSION = b"\x01"
_NONCE_BYTES = 12


@cache
def _key(purpose: bytes, configured: str, secret_key: str) -> bytes:
    if configured:
        try:
            root = base64.b64decode(configured, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured("CHANCERY_MFA_KEY must be base64") from exc
        if len(root) != 32:
            raise ImproperlyConfigured("CHANCERY_MFA_KEY must decode to 32 bytes")
    else:
        root = secret_key.encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"chancery-mfa", info=purpose).derive(
        root
    )


def key_for(purpose: str) -> bytes:
    """A 32-byte key for one purpose (``seal``, ``recovery`` ...), stable for the deployment."""
    configured = getattr(settings, "CHANCERY_MFA_KEY", "") or ""
    return _key(purpose.encode(), configured, str(settings.SECRET_KEY))


def seal(plaintext: bytes, context: str) -> bytes:
    """Encrypt ``plaintext`` bound to ``context``; the result is version|nonce|ciphertext."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key_for("seal")).encrypt(nonce, plaintext, context.encode())
    return _VERSION + nonce + sealed


def unseal(blob: bytes, context: str) -> bytes:
    """Decrypt what :func:`seal` produced for the same ``context``; raises on any tampering."""
    blob = bytes(blob)
    if blob[:1] != _VERSION:
        raise ValueError("unknown sealed format")
    nonce, sealed = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
    return AESGCM(key_for("seal")).decrypt(nonce, sealed, context.encode())


def keyed_hash(value: str, purpose: str) -> str:
    """HMAC-SHA256 of ``value`` under the purpose's key, hex; for high-entropy one-time codes."""
    return hmac.new(key_for(purpose), value.encode(), hashlib.sha256).hexdigest()

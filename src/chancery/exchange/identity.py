"""This instance's code and Ed25519 key (signs requests and receipts).

The key lives in a PEM file (setting ``CHANCERY_INSTANCE_KEY_PATH``), created with mode 0600 on
first use. Creation is atomic: the key is written to a private temporary file, flushed, then
linked into place, so two processes starting at once end up with the same key and a crash
never leaves half a key behind.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

_keys: dict[Path, Ed25519PrivateKey] = {}


def instance_code() -> str:
    """This instance's code (setting ``CHANCERY_INSTANCE_CODE``, "hq" by default)."""
    return str(getattr(settings, "CHANCERY_INSTANCE_CODE", "") or "hq")


def key_path() -> Path:
    return Path(settings.CHANCERY_INSTANCE_KEY_PATH)


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".instance-key-")
    try:
        os.fchmod(handle, 0o600)
        os.write(handle, pem)
        os.fsync(handle)
        os.close(handle)
        # link() fails if another process won the race: then its key is the key.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def private_key() -> Ed25519PrivateKey:
    """This instance's signing key, created on first use."""
    path = key_path()
    key = _keys.get(path)
    if key is None:
        if not path.exists():
            _create(path)
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 key")
        key = _keys[path] = loaded
    return key


def public_key_b64() -> str:
    """This instance's public key, base64 of the 32 raw bytes (what peers configure)."""
    raw = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return base64.b64encode(raw).decode("ascii")


def sign(data: bytes) -> str:
    """Base64 Ed25519 signature of ``data`` with this instance's key."""
    return base64.b64encode(private_key().sign(data)).decode("ascii")


def load_public_key(value: str) -> Ed25519PublicKey:
    """A peer's public key from its base64 form; ValueError when it is not one."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(public_key: str, signature: str, data: bytes) -> bool:
    """Whether ``signature`` (base64) over ``data`` was made by ``public_key`` (base64)."""
    try:
        key = load_public_key(public_key)
        key.verify(base64.b64decode(signature, validate=True), data)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def canonical_json(value: Any) -> bytes:
    """The one byte form of a JSON value that hashes and signatures cover."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_of(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()

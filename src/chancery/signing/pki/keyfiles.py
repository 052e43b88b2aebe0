"""Private keys at rest in files, sealed with the holder's PIN.

A key file is JSON: scrypt(PIN, salt) gives a 256-bit key that opens the PKCS#8 DER of the
private key with AES-256-GCM; the certificate's fingerprint is the associated data, so a key
file copied next to another certificate does not open. A wrong PIN fails the GCM tag and is
indistinguishable from a damaged file by design (neither reveals anything about the key).

The clear key exists only in memory, for as long as the signer object lives. Nothing here
logs a PIN or a key.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from chancery.lib.files import write_atomic
from chancery.signing.exceptions import KeyFileDamaged, WrongPin
from chancery.signing.pki.x509build import PrivateKey

FORMAT = "chancery-keyfile"
VERSION = 1
# scrypt cost: about 50 ms here; paid once per unlock (a batch unlocks once).
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


def _kdf(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(pin.encode("utf-8"))


def seal_key(key: PrivateKey, pin: str, *, fingerprint: str) -> bytes:
    """The key file's bytes for ``key`` under ``pin``, bound to the certificate ``fingerprint``."""
    if not pin:
        raise WrongPin()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    sealed = AESGCM(_kdf(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, der, fingerprint.encode()
    )
    document = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "fingerprint": fingerprint,
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    return json.dumps(document, indent=1).encode()


def open_key(data: bytes, pin: str, *, fingerprint: str) -> PrivateKey:
    """The private key in key file ``data``; ``WrongPin`` when ``pin`` does not open it."""
    try:
        document: dict[str, Any] = json.loads(data)
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise KeyFileDamaged()
        kdf = document["kdf"]
        salt = base64.b64decode(document["salt"])
        nonce = base64.b64decode(document["nonce"])
        sealed = base64.b64decode(document["ciphertext"])
    except (ValueError, KeyError, TypeError) as exc:
        raise KeyFileDamaged() from exc
    if document.get("fingerprint") != fingerprint:
        raise KeyFileDamaged()
    try:
        der = AESGCM(_kdf(pin, salt, kdf["n"], kdf["r"], kdf["p"])).decrypt(
            nonce, sealed, fingerprint.encode()
        )
    except InvalidTag:
        raise WrongPin() from None
    # The GCM tag already proves these are the bytes that were sealed: skip RSA's costly
    # consistency check, which would otherwise dominate every unlock.
    key = serialization.load_der_private_key(
        der, password=None, unsafe_skip_rsa_key_validation=True
    )
    return key  # type: ignore[return-value]


def write_key_file(path: Path, key: PrivateKey, pin: str, *, fingerprint: str) -> None:
    """Write a sealed key file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomic(path, seal_key(key, pin, fingerprint=fingerprint), mode=0o600)


def read_key_file(path: Path, pin: str, *, fingerprint: str) -> PrivateKey:
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise KeyFileDamaged() from exc
    return open_key(data, pin, fingerprint=fingerprint)


def change_pin(path: Path, old_pin: str, new_pin: str, *, fingerprint: str) -> None:
    key = read_key_file(path, old_pin, fingerprint=fingerprint)
    write_key_file(path, key, new_pin, fingerprint=fingerprint)

"""Signed checkpoints of the audit chain: the Ed25519 key, the statement, the files.

A checkpoint states "entry ``seq`` of the chain had hash ``head``", signed with an Ed25519 key
kept outside the database (``CHANCERY_AUDIT_SIGNING_KEY``). Each one is stored twice: as a
database row and as a JSON file in ``CHANCERY_AUDIT_CHECKPOINT_DIR``, a directory meant to be
copied off-site. Whoever holds the public key can later prove that the chain still contains
what was signed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from chancery.lib.files import write_atomic

logger = logging.getLogger(__name__)

STATEMENT_FORMAT = "chancery-audit-checkpoint/1"
FILE_PATTERN = "checkpoint-*.json"


@dataclass(frozen=True)
class Statement:
    """What a checkpoint signs. ``created`` is ISO 8601, as ``datetime.isoformat()`` writes it."""

    seq: int
    head: str
    created: str
    key_id: str

    def canonical(self) -> bytes:
        body = {
            "format": STATEMENT_FORMAT,
            "seq": self.seq,
            "head": self.head,
            "created": self.created,
            "key_id": self.key_id,
        }
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()

    def as_dict(self) -> dict[str, Any]:
        return json.loads(self.canonical())  # type: ignore[no-any-return]


@dataclass(frozen=True)
class SignedStatement:
    statement: Statement
    signature: str  # hex

    def is_valid(self, trusted: Mapping[str, Ed25519PublicKey]) -> bool:
        """Whether a trusted key with the statement's key id signed exactly this statement."""
        key = trusted.get(self.statement.key_id)
        if key is None:
            return False
        try:
            key.verify(bytes.fromhex(self.signature), self.statement.canonical())
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class CheckpointFile:
    path: Path
    signed: SignedStatement


def key_id(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: how statements and operators name a key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def _generate(path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Exclusive: if another process created the key meanwhile, everyone uses that one.
    if write_atomic(path, pem, mode=0o600, exclusive=True):
        logger.warning("audit signing key generated at %s; export its public key", path)


def load_signing_key(*, create: bool | None = None) -> Ed25519PrivateKey:
    """The checkpoint signing key from ``CHANCERY_AUDIT_SIGNING_KEY``.

    A missing file is generated (0600) when ``create`` (default: the AUTOCREATE setting) is on;
    otherwise, or when the file is not an Ed25519 private key, ImproperlyConfigured is raised.
    """
    path = Path(settings.CHANCERY_AUDIT_SIGNING_KEY)
    if create is None:
        create = bool(settings.CHANCERY_AUDIT_SIGNING_KEY_AUTOCREATE)
    if not path.exists():
        if not create:
            raise ImproperlyConfigured(
                f"The audit signing key {path} does not exist. Generate an Ed25519 key "
                "(openssl genpkey -algorithm ed25519) and point CHANCERY_AUDIT_SIGNING_KEY at it."
            )
        _generate(path)
    password = settings.CHANCERY_AUDIT_SIGNING_KEY_PASSWORD or None
    try:
        key = serialization.load_pem_private_key(
            path.read_bytes(), password=password.encode() if password else None
        )
    except (OSError, ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"The audit signing key {path} cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"The audit signing key {path} is not an Ed25519 key.")
    return key


def load_public_keys(paths: Iterable[Path]) -> dict[str, Ed25519PublicKey]:
    """Trusted public keys (PEM files), by key id. Raises ValueError on anything else."""
    keys: dict[str, Ed25519PublicKey] = {}
    for path in paths:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError(f"{path} is not an Ed25519 public key")
        keys[key_id(key)] = key
    return keys


def configured_public_keys() -> dict[str, Ed25519PublicKey]:
    """The public half of the configured signing key, if that key exists (never creates it)."""
    if not Path(settings.CHANCERY_AUDIT_SIGNING_KEY).exists():
        return {}
    public = load_signing_key(create=False).public_key()
    return {key_id(public): public}


def sign(statement: Statement, private_key: Ed25519PrivateKey) -> SignedStatement:
    return SignedStatement(statement, private_key.sign(statement.canonical()).hex())


def checkpoint_path(directory: Path, seq: int) -> Path:
    # Zero-padded so that a directory listing sorts in chain order.
    return directory / f"checkpoint-{seq:012d}.json"


def write_checkpoint_file(directory: Path, signed: SignedStatement, public_pem: str) -> Path:
    """Write the checkpoint atomically (temp file, fsync, rename) and return its path."""
    document = {
        "format": STATEMENT_FORMAT,
        "statement": signed.statement.as_dict(),
        "signature": signed.signature,
        "public_key_fingerprint": f"sha256:{signed.statement.key_id}",
        "public_key": public_pem,
    }
    path = checkpoint_path(directory, signed.statement.seq)
    write_atomic(path, (json.dumps(document, indent=2, sort_keys=True) + "\n").encode())
    return path


def parse_checkpoint_file(path: Path) -> CheckpointFile:
    """Read one checkpoint file; ValueError (or OSError) when it is not one."""
    document = json.loads(path.read_text(encoding="utf-8"))
    try:
        body = document["statement"]
        if body.get("format") != STATEMENT_FORMAT:
            raise ValueError(f"unknown format {body.get('format')!r}")
        statement = Statement(
            seq=int(body["seq"]),
            head=str(body["head"]),
            created=str(body["created"]),
            key_id=str(body["key_id"]),
        )
        return CheckpointFile(path, SignedStatement(statement, str(document["signature"])))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"missing or malformed field: {exc}") from exc

"""The wire protocol shared by sender and receiver: signed requests and signed receipts.

A push is ``POST /exchange/v1/messages`` with a JSON body ``{"sender", "receiver",
"messages": [{"id", "seq", "kind", "payload", "sha256"}, ...]}`` and three headers: the
sender's instance code, a Unix timestamp, and an Ed25519 signature over
``METHOD\\nPATH\\nTIMESTAMP\\nSHA256(body)``. The answer is ``{"receipts": [...],
"in_seq": n, "expected_seq": n | null, "error": {...} | null}``; each receipt is signed by
the receiver over the canonical JSON of its other fields.
"""

from __future__ import annotations

import hashlib
from typing import Any

from chancery.exchange import identity

PATH = "/exchange/v1/messages"
HEADER_INSTANCE = "X-Chancery-Instance"
HEADER_TIMESTAMP = "X-Chancery-Timestamp"
HEADER_SIGNATURE = "X-Chancery-Signature"
MAX_CLOCK_SKEW_SECONDS = 300
RECEIPT_FIELDS = ("message_id", "seq", "sha256", "sender", "receiver", "received_at")


def request_signing_string(method: str, path: str, timestamp: str, body: bytes) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return f"{method.upper()}\n{path}\n{timestamp}\n{digest}".encode()


def sign_request(method: str, path: str, timestamp: str, body: bytes) -> str:
    return identity.sign(request_signing_string(method, path, timestamp, body))


def make_receipt(
    *, message_id: str, seq: int, sha256: str, sender: str, received_at: str
) -> dict[str, Any]:
    """A receipt for a message we accepted, signed with our key."""
    receipt: dict[str, Any] = {
        "message_id": message_id,
        "seq": seq,
        "sha256": sha256,
        "sender": sender,
        "receiver": identity.instance_code(),
        "received_at": received_at,
    }
    receipt["signature"] = identity.sign(identity.canonical_json(receipt))
    return receipt


def receipt_is_valid(receipt: Any, public_key: str) -> bool:
    """Whether ``receipt`` carries exactly the receipt fields and the peer's valid signature."""
    if not isinstance(receipt, dict) or set(receipt) != {*RECEIPT_FIELDS, "signature"}:
        return False
    signed = {name: receipt[name] for name in RECEIPT_FIELDS}
    signature = receipt["signature"]
    return isinstance(signature, str) and identity.verify(
        public_key, signature, identity.canonical_json(signed)
    )

"""Receiving a peer's push: authenticate it, accept its messages strictly in order.

For each message, in order: an id already accepted answers its stored receipt (a resend);
the next sequence number is checked, handed to the handler of its kind and recorded with a
receipt signed by our key, all in one savepoint of the batch's transaction (a refused message
leaves nothing behind and stops the batch); a gap stops the batch and answers the sequence
number expected. The peer row stays locked for the batch, so two pushes from one peer (a
resend after a timeout while the first is still being handled) are taken one after the other.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.exchange import identity, wire
from chancery.exchange.models import InboundMessage, Peer
from chancery.exchange.registry import handler_for
from chancery.lib.problems import Problem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    id: uuid.UUID
    seq: int
    kind: str
    payload: dict[str, Any]
    sha256: str


def authenticate(headers: dict[str, str], body: bytes) -> Peer:
    """The active peer whose key signed this request within the last five minutes.

    Raises a 401 Problem otherwise (unknown instance, missing or bad signature, stale or
    future timestamp), saying which without revealing anything about our peers' keys.
    """
    code = headers.get(wire.HEADER_INSTANCE, "")
    timestamp = headers.get(wire.HEADER_TIMESTAMP, "")
    signature = headers.get(wire.HEADER_SIGNATURE, "")
    peer = Peer.objects.filter(code=code, active=True).first() if code else None
    if peer is None or not signature:
        raise Problem(401, _("Unknown instance or unsigned request."))
    try:
        skew = abs(time.time() - int(timestamp))
    except ValueError:
        raise Problem(401, _("The request has no valid timestamp.")) from None
    if skew > wire.MAX_CLOCK_SKEW_SECONDS:
        raise Problem(401, _("The request's timestamp is too far from this instance's clock."))
    signed = wire.request_signing_string("POST", wire.PATH, timestamp, body)
    if not identity.verify(peer.public_key, signature, signed):
        raise Problem(401, _("The request's signature does not verify."))
    return peer


def parse(peer: Peer, document: Any) -> list[Incoming]:
    """The batch's messages; a 400 Problem when the body is not a push to us from ``peer``."""
    if (
        not isinstance(document, dict)
        or document.get("sender") != peer.code
        or document.get("receiver") != identity.instance_code()
        or not isinstance(document.get("messages"), list)
    ):
        raise Problem(400, _("Not a push from this peer to this instance."))
    messages = []
    try:
        for item in document["messages"]:
            if not isinstance(item["payload"], dict) or not isinstance(item["seq"], int):
                raise TypeError
            messages.append(
                Incoming(
                    id=uuid.UUID(str(item["id"])),
                    seq=item["seq"],
                    kind=str(item["kind"])[:40],
                    payload=item["payload"],
                    sha256=str(item["sha256"]),
                )
            )
    except (KeyError, TypeError, ValueError):
        raise Problem(400, _("A message of the batch is malformed.")) from None
    return messages


def accept(peer: Peer, messages: list[Incoming]) -> dict[str, Any]:
    """Accept what can be accepted of the batch, in order; the answer to send back."""
    receipts: list[dict[str, Any]] = []
    error: dict[str, Any] | None = None
    expected: int | None = None
    with transaction.atomic():
        locked = Peer.objects.select_for_update().get(pk=peer.pk)
        in_seq = locked.in_seq
        known = dict(
            InboundMessage.objects.filter(peer=peer, pk__in=[m.id for m in messages]).values_list(
                "pk", "receipt"
            )
        )
        for message in messages:
            if message.id in known:
                receipts.append(known[message.id])
                continue
            if message.seq != in_seq + 1:
                expected = in_seq + 1
                if message.seq <= in_seq:
                    error = _refusal(message, "sequence number already used by another message")
                break
            refusal = _accept_one(peer, message, receipts)
            if refusal:
                error = _refusal(message, refusal)
                break
            in_seq = message.seq
        Peer.objects.filter(pk=peer.pk).update(in_seq=in_seq, last_contact_at=timezone.now())
    return {"receipts": receipts, "in_seq": in_seq, "expected_seq": expected, "error": error}


def _refusal(message: Incoming, detail: str) -> dict[str, Any]:
    return {"message_id": str(message.id), "seq": message.seq, "detail": detail}


def _accept_one(peer: Peer, message: Incoming, receipts: list[dict[str, Any]]) -> str:
    """Handle and record one message in a savepoint; an empty string, or why it was refused."""
    if identity.sha256_of(message.payload) != message.sha256:
        return "payload does not match its SHA-256"
    handler = handler_for(message.kind)
    if handler is None:
        return f"no handler for kind {message.kind!r}"
    received_at = timezone.now()
    receipt = wire.make_receipt(
        message_id=str(message.id),
        seq=message.seq,
        sha256=message.sha256,
        sender=peer.code,
        received_at=received_at.isoformat(),
    )
    try:
        with transaction.atomic():
            handler(peer.code, message.id, message.payload)
            InboundMessage.objects.create(
                id=message.id,
                peer=peer,
                seq=message.seq,
                kind=message.kind,
                sha256=message.sha256,
                received_at=received_at,
                receipt=receipt,
            )
    except Exception as exc:
        logger.exception("exchange: %s refused message %s", message.kind, message.id)
        return f"{exc.__class__.__name__}: {exc}"[:300]
    receipts.append(receipt)
    return ""

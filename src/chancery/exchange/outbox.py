"""Queueing messages for peers, in the caller's transaction, with gapless sequence numbers."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import connection, transaction
from procrastinate.exceptions import AlreadyEnqueued

from chancery.exchange.identity import canonical_json, sha256_of
from chancery.exchange.models import OutboundMessage, Peer


class MessageIdTaken(ValueError):
    """The message id is already queued, for another peer or with another kind."""


def send(
    peer: Peer, kind: str, payload: dict[str, Any], *, message_id: uuid.UUID | None = None
) -> OutboundMessage:
    """Queue ``payload`` for ``peer`` in the caller's transaction, with the link's next
    sequence number, and defer the push. A message id already queued returns that message.

    Any code of this instance may call it (through ``exchange.service``). Refuses a message id
    already used for another peer or kind (``MessageIdTaken``) and a payload that is not JSON.
    The peer row is locked until the caller's transaction ends, so sequence numbers have no
    gap and no duplicate however many transactions send at once.
    """
    # What is stored is exactly what is hashed (tuples become lists, keys strings).
    payload = json.loads(canonical_json(payload))
    with transaction.atomic():
        if message_id is not None and (existing := _existing(message_id, peer, kind)):
            return existing
        locked = Peer.objects.select_for_update().only("pk", "out_seq").get(pk=peer.pk)
        # Looked up again under the lock: a concurrent send of the same id has committed now.
        if message_id is not None and (existing := _existing(message_id, peer, kind)):
            return existing
        seq = locked.out_seq + 1
        Peer.objects.filter(pk=peer.pk).update(out_seq=seq)
        message = OutboundMessage.objects.create(
            id=message_id or uuid.uuid4(),
            peer=peer,
            seq=seq,
            kind=kind,
            payload=payload,
            sha256=sha256_of(payload),
        )
        defer_push(peer)
    peer.out_seq = seq
    return message


def _existing(message_id: uuid.UUID, peer: Peer, kind: str) -> OutboundMessage | None:
    existing = OutboundMessage.objects.filter(pk=message_id).first()
    if existing is not None and (existing.peer_id != peer.pk or existing.kind != kind):
        raise MessageIdTaken(f"message {message_id} is already queued for another peer or kind")
    return existing


def defer_push(peer: Peer, delay_seconds: int = 0) -> None:
    """Defer the push job of ``peer`` in the current transaction; at most one waits per peer
    (a push already waiting, even a later one, covers this one's messages)."""
    from chancery.exchange.tasks import push_peer

    lock = f"exchange.push.{peer.pk}"
    # Cheaper than a refused insert when a push already waits (many sends in a row).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = %s AND status = 'todo'",
            [lock],
        )
        if cursor.fetchone():
            return
    try:
        # A savepoint: the refused insert of a second waiting job must not abort the caller.
        with transaction.atomic():
            push_peer.configure(
                queueing_lock=lock,
                schedule_in={"seconds": delay_seconds} if delay_seconds else None,
            ).defer(peer_id=peer.pk)
    except AlreadyEnqueued:
        pass

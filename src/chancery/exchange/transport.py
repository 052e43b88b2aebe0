"""Pushing a peer's queue over HTTP, in sequence order, and storing the signed receipts.

One pusher per peer at a time (a PostgreSQL advisory lock), so the job, the periodic sweep
and ``chancery exchange push`` can run at once without sending the same batch twice. A
network error or a refusal is recorded on the peer and leaves the queue as it was; the next
push starts again from the first message without a receipt.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chancery.exchange import identity, wire
from chancery.exchange.models import OutboundMessage, Peer
from chancery.exchange.registry import receipt_hook_for
from chancery.lib.advisory import try_advisory_lock


class TransportError(Exception):
    """The peer could not be reached or refused the push (the queue is kept)."""


@dataclass
class PushResult:
    delivered: int = 0
    error: str = ""
    skipped: bool = False  # another pusher holds this peer


def pending_count(peer: Peer) -> int:
    return OutboundMessage.objects.filter(peer=peer, delivered_at__isnull=True).count()


def push(peer: Peer, progress: Callable[[int], Any] | None = None) -> PushResult:
    """Send every message of ``peer`` without a receipt, in order, batch by batch.

    Called by the push job, the periodic sweep and the ``push`` command. Never raises for a
    network problem: the result names the error, which is also recorded on the peer.
    """
    result = PushResult()
    with try_advisory_lock(f"chancery.exchange.push.{peer.pk}") as locked:
        if not locked:
            result.skipped = True
            return result
        start: int | None = None
        while True:
            batch = _next_batch(peer, start)
            if not batch:
                break
            try:
                outcome = _apply(peer, batch, _post(peer, batch))
            except TransportError as exc:
                result.error = str(exc)[:500]
                _record_error(peer, batch[0].pk, result.error)
                break
            result.delivered += outcome.delivered
            if progress is not None and outcome.delivered:
                progress(outcome.delivered)
            if outcome.refused is not None:
                result.error = f"{peer.code} refused message {outcome.refused}: {outcome.detail}"
                result.error = result.error[:500]
                _record_error(peer, outcome.refused, result.error)
                break
            start = outcome.resume_from
            if not outcome.receipted and start is None:
                break  # nothing moved and nothing to resend: do not spin
    return result


def _next_batch(peer: Peer, start: int | None) -> list[OutboundMessage]:
    """The first messages without a receipt, or everything from ``start`` when the peer
    asked for an earlier sequence number (its database went back in time)."""
    messages = OutboundMessage.objects.filter(peer=peer).order_by("seq")
    if start is None:
        messages = messages.filter(delivered_at__isnull=True)
    else:
        messages = messages.filter(seq__gte=start)
    return list(messages[: settings.CHANCERY_EXCHANGE_BATCH])


def _post(peer: Peer, batch: list[OutboundMessage]) -> dict[str, Any]:
    body = identity.canonical_json(
        {
            "sender": identity.instance_code(),
            "receiver": peer.code,
            "messages": [
                {
                    "id": str(m.pk),
                    "seq": m.seq,
                    "kind": m.kind,
                    "payload": m.payload,
                    "sha256": m.sha256,
                }
                for m in batch
            ],
        }
    )
    now = timezone.now()
    OutboundMessage.objects.filter(pk__in=[m.pk for m in batch]).update(attempts=F("attempts") + 1)
    OutboundMessage.objects.filter(pk__in=[m.pk for m in batch], first_sent_at__isnull=True).update(
        first_sent_at=now
    )
    url = urlsplit(peer.base_url)
    path = url.path.rstrip("/") + wire.PATH
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        wire.HEADER_INSTANCE: identity.instance_code(),
        wire.HEADER_TIMESTAMP: timestamp,
        wire.HEADER_SIGNATURE: wire.sign_request("POST", wire.PATH, timestamp, body),
    }
    connection_class = (
        http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    )
    client = connection_class(
        url.hostname or "", url.port, timeout=settings.CHANCERY_EXCHANGE_TIMEOUT_SECONDS
    )
    try:
        client.request("POST", path, body=body, headers=headers)
        response = client.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException) as exc:
        raise TransportError(f"{peer.base_url}: {exc.__class__.__name__}: {exc}") from exc
    finally:
        client.close()
    if response.status != 200:
        raise TransportError(f"{peer.base_url} answered {response.status}: {raw[:200]!r}")
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise TransportError(f"{peer.base_url} answered something that is not JSON") from exc
    if not isinstance(answer, dict):
        raise TransportError(f"{peer.base_url} answered something that is not an object")
    return answer


@dataclass
class _Outcome:
    delivered: int  # receipts new to us
    receipted: int  # receipts in the answer
    resume_from: int | None = None  # the peer asks for an earlier sequence number
    refused: str | None = None  # id of the message the peer refused
    detail: str = ""


def _apply(peer: Peer, batch: list[OutboundMessage], answer: dict[str, Any]) -> _Outcome:
    """Check and store the receipts (and run receipt hooks) in one transaction."""
    by_id = {str(m.pk): m for m in batch}
    checked: list[tuple[OutboundMessage, dict[str, Any]]] = []
    for receipt in answer.get("receipts") or []:
        message = by_id.get(str(receipt.get("message_id"))) if isinstance(receipt, dict) else None
        if (
            message is None
            or not wire.receipt_is_valid(receipt, peer.public_key)
            or receipt["seq"] != message.seq
            or receipt["sha256"] != message.sha256
            or receipt["sender"] != identity.instance_code()
            or receipt["receiver"] != peer.code
        ):
            raise TransportError(f"{peer.code} sent a receipt that does not verify")
        checked.append((message, receipt))
    now = timezone.now()
    outcome = _Outcome(delivered=0, receipted=len(checked))
    with transaction.atomic():
        fresh = set(
            OutboundMessage.objects.select_for_update()
            .filter(pk__in=[m.pk for m, _r in checked], delivered_at__isnull=True)
            .values_list("pk", flat=True)
        )
        for message, receipt in checked:
            message.receipt = receipt
            message.last_error = ""
            if message.pk in fresh:
                message.delivered_at = now
                outcome.delivered += 1
        OutboundMessage.objects.bulk_update(
            [m for m, _r in checked], ["receipt", "delivered_at", "last_error"]
        )
        for message, _receipt in checked:
            hook = receipt_hook_for(message.kind)
            if hook is not None and message.pk in fresh:
                hook(peer.code, message.pk, message.payload, now)
        Peer.objects.filter(pk=peer.pk).update(last_contact_at=now, last_error="")
    error = answer.get("error")
    expected = answer.get("expected_seq")
    if isinstance(error, dict):
        outcome.refused = str(error.get("message_id") or batch[0].pk)
        outcome.detail = str(error.get("detail") or "")
    elif isinstance(expected, int) and expected < batch[0].seq:
        outcome.resume_from = expected  # the peer lost messages it had receipted: resend
    elif isinstance(expected, int) and not checked:
        raise TransportError(f"{peer.code} expects message {expected}, which was never sent")
    return outcome


def _record_error(peer: Peer, message_id: Any, error: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        Peer.objects.filter(pk=peer.pk).update(last_error=error, last_error_at=now)
        OutboundMessage.objects.filter(pk=message_id, peer=peer).update(last_error=error)

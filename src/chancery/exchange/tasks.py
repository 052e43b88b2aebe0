"""Jobs of the exchange: push one peer's queue, and a sweep every minute for all of them."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from procrastinate.contrib.django import app

from chancery.core.service import job_task

MAX_RETRY_SECONDS = 300


@job_task(name="exchange.push_peer", queue="exchange", retry=False)
def push_peer(peer_id: int) -> None:
    """Push ``peer_id``'s pending messages; when the peer cannot be reached, push again later.

    Deferred by ``outbox.send`` in the sender's transaction, at most one waiting per peer.
    Not retried by Procrastinate: a retried job would clash with the push that a new message
    queued meanwhile (both hold the peer's queueing lock). It defers its own next try instead,
    after ``CHANCERY_JOB_BACKOFF_SECONDS ** failures`` seconds (five minutes at most); the
    sweep below covers whatever falls through.
    """
    from chancery.exchange.models import OutboundMessage, Peer
    from chancery.exchange.outbox import defer_push
    from chancery.exchange.transport import push

    peer = Peer.objects.filter(pk=peer_id, active=True).first()
    if peer is None:
        return
    result = push(peer)
    if result.skipped:
        # Another pusher holds the peer: it may have finished its last batch before this
        # job's messages were committed, so look again shortly.
        with transaction.atomic():
            defer_push(peer, delay_seconds=1)
    elif result.error:
        first = (
            OutboundMessage.objects.filter(peer=peer, delivered_at__isnull=True)
            .order_by("seq")
            .values_list("attempts", flat=True)
            .first()
        )
        failures = min(first or 1, 10)
        delay = min(settings.CHANCERY_JOB_BACKOFF_SECONDS**failures, MAX_RETRY_SECONDS)
        with transaction.atomic():
            defer_push(peer, delay_seconds=delay)


# Every minute: a push waiting out a long backoff, or lost with a killed worker, does not keep
# a queue waiting once the link is back.
@app.periodic(cron="* * * * *")
@job_task(
    name="exchange.push_pending",
    queue="exchange",
    retry=False,
    queueing_lock="exchange.push_pending",
)
def push_pending(timestamp: int) -> None:
    """Push every active peer that has messages without a receipt."""
    from chancery.exchange.models import Peer
    from chancery.exchange.transport import push

    peers = Peer.objects.filter(active=True, outbox__delivered_at__isnull=True).distinct()
    for peer in peers:
        push(peer)

"""Queueing: idempotent message ids, gapless sequence numbers, the push job deferred."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

import pytest
from django.db import connection, connections

from chancery.exchange import identity, service
from chancery.exchange.models import OutboundMessage, Peer
from chancery.exchange.outbox import MessageIdTaken


def _peer(code: str = "emb-us") -> Peer:
    return Peer.objects.create(
        code=code, name=code, base_url="http://127.0.0.1:9", public_key=identity.public_key_b64()
    )


def _push_jobs(peer: Peer) -> list[tuple[str, Any]]:
    """The push jobs of ``peer`` (jobs outlive transactional tests: filter on the peer)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, args FROM procrastinate_jobs WHERE task_name = 'exchange.push_peer'"
        )
        jobs = [(status, json.loads(args)) for status, args in cursor.fetchall()]
    return [job for job in jobs if job[1] == {"peer_id": peer.pk}]


@pytest.mark.django_db
def test_sending_the_same_message_id_again_returns_the_queued_message() -> None:
    peer = _peer()
    message_id = uuid.uuid4()
    first = service.send(peer, "exchange.ping", {"a": 1}, message_id=message_id)
    again = service.send(peer, "exchange.ping", {"a": 1}, message_id=message_id)
    assert again.pk == first.pk
    assert again.seq == 1
    assert OutboundMessage.objects.count() == 1
    peer.refresh_from_db()
    assert peer.out_seq == 1


@pytest.mark.django_db
def test_a_message_id_of_another_peer_is_refused() -> None:
    message_id = uuid.uuid4()
    service.send(_peer(), "exchange.ping", {}, message_id=message_id)
    with pytest.raises(MessageIdTaken):
        service.send(_peer("emb-fr"), "exchange.ping", {}, message_id=message_id)


@pytest.mark.django_db
def test_sending_stores_the_hash_of_the_canonical_payload_and_defers_one_push() -> None:
    peer = _peer()
    message = service.send(peer, "exchange.ping", {"b": (1, 2), "a": "Hà Nội"})
    service.send(peer, "exchange.ping", {"c": 3})
    assert message.payload == {"a": "Hà Nội", "b": [1, 2]}
    assert message.sha256 == identity.sha256_of({"b": [1, 2], "a": "Hà Nội"})
    # Two sends, one waiting push job for the peer (the second collapses into it).
    assert _push_jobs(peer) == [("todo", {"peer_id": peer.pk})]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_send_leaves_no_message_no_sequence_number_and_no_job() -> None:
    from django.db import transaction

    peer = _peer()

    def failing_write() -> None:
        with transaction.atomic():
            service.send(peer, "exchange.ping", {})
            raise RuntimeError("the caller's write failed")

    with pytest.raises(RuntimeError):
        failing_write()
    peer.refresh_from_db()
    assert peer.out_seq == 0
    assert not OutboundMessage.objects.exists()
    assert _push_jobs(peer) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_get_gapless_unique_sequence_numbers() -> None:
    peer = _peer()
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            for n in range(10):
                service.send(peer, "exchange.ping", {"n": n})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(OutboundMessage.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, 61))
    peer.refresh_from_db()
    assert peer.out_seq == 60


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_of_one_message_id_queue_it_once() -> None:
    peer = _peer()
    message_id = uuid.uuid4()
    results: list[int] = []

    def sender() -> None:
        try:
            results.append(service.send(peer, "exchange.ping", {}, message_id=message_id).seq)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [1] * 5
    assert OutboundMessage.objects.count() == 1

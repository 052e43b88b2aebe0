"""Pushing over real HTTP to this instance's own inbox (a live server): receipts verified and
stored, refusals and network errors keep the queue."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import pytest

from chancery.exchange import registry, service, transport, wire
from chancery.exchange.models import InboundMessage, OutboundMessage, Peer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def online(loopback: Peer, live_server: Any) -> Peer:
    Peer.objects.filter(pk=loopback.pk).update(base_url=live_server.url)
    loopback.refresh_from_db()
    return loopback


def test_a_push_delivers_in_order_and_stores_each_verified_receipt(
    online: Peer, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CHANCERY_EXCHANGE_BATCH = 2
    delivered: list[tuple[str, uuid.UUID, dict[str, Any], datetime]] = []
    monkeypatch.setitem(
        registry._receipt_hooks, "exchange.ping", lambda *args: delivered.append(args)
    )
    sent = [service.send(online, "exchange.ping", {"n": n}) for n in range(5)]
    result = transport.push(online)
    assert result.delivered == 5
    assert result.error == ""
    assert [row.pk for row in InboundMessage.objects.order_by("seq")] == [m.pk for m in sent]
    for message in OutboundMessage.objects.all():
        assert message.delivered_at is not None
        assert message.receipt is not None
        assert wire.receipt_is_valid(message.receipt, online.public_key)
        assert message.receipt["seq"] == message.seq
    assert [args[1] for args in delivered] == [m.pk for m in sent]
    online.refresh_from_db()
    assert online.last_contact_at is not None
    assert (online.out_seq, online.in_seq) == (5, 5)


def test_a_refused_message_stays_queued_with_the_error_and_later_ones_wait(online: Peer) -> None:
    service.send(online, "exchange.ping", {"n": 1})
    stuck = service.send(online, "cables.unknown", {"n": 2})
    service.send(online, "exchange.ping", {"n": 3})
    result = transport.push(online)
    assert result.delivered == 1
    assert "no handler" in result.error
    pending = list(OutboundMessage.objects.filter(delivered_at__isnull=True).order_by("seq"))
    assert [m.seq for m in pending] == [2, 3]
    stuck.refresh_from_db()
    assert "no handler" in stuck.last_error
    online.refresh_from_db()
    assert "no handler" in online.last_error
    assert online.last_error_at is not None

    # Once the receiving side knows the kind, the same message goes through, in order.
    registry.register_handler("cables.unknown", lambda *args: None)
    try:
        assert transport.push(online).delivered == 2
    finally:
        registry._handlers.pop("cables.unknown")
    assert list(InboundMessage.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3]


def test_an_unreachable_peer_keeps_the_queue_and_records_the_error(loopback: Peer) -> None:
    service.send(loopback, "exchange.ping", {"n": 1})
    result = transport.push(loopback)  # port 9 on loopback: nothing listens
    assert result.delivered == 0
    assert "127.0.0.1:9" in result.error
    message = OutboundMessage.objects.get()
    assert message.delivered_at is None
    assert message.attempts == 1
    loopback.refresh_from_db()
    assert loopback.last_error


def test_a_receipt_that_does_not_verify_is_not_accepted(
    online: Peer, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.send(online, "exchange.ping", {"n": 1})
    real_post = transport._post

    def tampered(peer: Peer, batch: list[OutboundMessage]) -> dict[str, Any]:
        answer = real_post(peer, batch)
        answer["receipts"][0]["received_at"] = "2000-01-01T00:00:00+00:00"
        return answer

    monkeypatch.setattr(transport, "_post", tampered)
    result = transport.push(online)
    assert "does not verify" in result.error
    assert OutboundMessage.objects.get().delivered_at is None


def test_a_lost_answer_is_recovered_by_the_resend_with_the_same_receipt(
    online: Peer, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = service.send(online, "exchange.ping", {"n": 1})
    real_post = transport._post

    def lost(peer: Peer, batch: list[OutboundMessage]) -> dict[str, Any]:
        real_post(peer, batch)  # the peer accepts it, but the answer never arrives
        raise transport.TransportError("connection reset")

    monkeypatch.setattr(transport, "_post", lost)
    assert transport.push(online).error
    stored = InboundMessage.objects.get()
    monkeypatch.setattr(transport, "_post", real_post)
    assert transport.push(online).delivered == 1
    message.refresh_from_db()
    assert message.receipt == stored.receipt
    assert InboundMessage.objects.count() == 1


def test_a_peer_that_lost_messages_gets_them_again_from_the_sequence_it_expects(
    online: Peer,
) -> None:
    for n in range(3):
        service.send(online, "exchange.ping", {"n": n})
    assert transport.push(online).delivered == 3
    # The receiving side is restored from a backup taken after the first message.
    InboundMessage.objects.filter(seq__gt=1).delete()
    Peer.objects.filter(pk=online.pk).update(in_seq=1)
    service.send(online, "exchange.ping", {"n": 3})
    result = transport.push(online)
    assert result.error == ""
    assert list(InboundMessage.objects.order_by("seq").values_list("seq", flat=True)) == [
        1,
        2,
        3,
        4,
    ]

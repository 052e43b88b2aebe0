"""The receiving side: authentication, order, duplicates, gaps, refusals."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chancery.exchange import identity, registry, wire
from chancery.exchange.models import InboundMessage, Peer
from chancery.exchange.tests.conftest import Post, answer, message

pytestmark = pytest.mark.django_db


def test_messages_in_sequence_are_accepted_with_signed_receipts(
    loopback: Peer, signed_post: Post
) -> None:
    batch = [message(1), message(2)]
    response = signed_post(batch)
    assert response.status_code == 200
    receipts = answer(response)["receipts"]
    assert [r["message_id"] for r in receipts] == [m["id"] for m in batch]
    assert all(wire.receipt_is_valid(r, identity.public_key_b64()) for r in receipts)
    assert receipts[0]["sha256"] == batch[0]["sha256"]
    loopback.refresh_from_db()
    assert loopback.in_seq == 2
    assert list(InboundMessage.objects.values_list("seq", flat=True)) == [1, 2]


def test_a_resent_message_is_answered_with_its_stored_receipt(
    loopback: Peer, signed_post: Post
) -> None:
    first = message(1)
    original = answer(signed_post([first]))["receipts"][0]
    again = answer(signed_post([first, message(2)]))
    assert again["receipts"][0] == original
    assert again["in_seq"] == 2
    assert InboundMessage.objects.count() == 2


def test_a_gap_stops_the_batch_and_names_the_expected_sequence_number(
    loopback: Peer, signed_post: Post
) -> None:
    result = answer(signed_post([message(1), message(3), message(4)]))
    assert result["expected_seq"] == 2
    assert len(result["receipts"]) == 1
    assert result["error"] is None
    assert InboundMessage.objects.count() == 1


def test_a_reused_sequence_number_with_another_id_is_refused(
    loopback: Peer, signed_post: Post
) -> None:
    signed_post([message(1)])
    result = answer(signed_post([message(1)]))
    assert result["receipts"] == []
    assert "already used" in result["error"]["detail"]
    assert InboundMessage.objects.count() == 1


def test_an_unknown_kind_is_refused_and_nothing_of_it_is_kept(
    loopback: Peer, signed_post: Post
) -> None:
    result = answer(signed_post([message(1), message(2, kind="nobody.knows"), message(3)]))
    assert result["error"]["seq"] == 2
    assert "no handler" in result["error"]["detail"]
    assert len(result["receipts"]) == 1
    loopback.refresh_from_db()
    assert loopback.in_seq == 1


def test_a_failing_handler_refuses_the_message_and_keeps_nothing_it_wrote(
    loopback: Peer, signed_post: Post, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(peer: str, message_id: Any, payload: dict[str, Any]) -> None:
        Peer.objects.filter(pk=loopback.pk).update(name="written by the handler")
        raise RuntimeError("cannot file this")

    monkeypatch.setitem(registry._handlers, "test.explodes", explode)
    result = answer(signed_post([message(1, kind="test.explodes")]))
    assert "cannot file this" in result["error"]["detail"]
    loopback.refresh_from_db()
    assert loopback.name == "Loopback"
    assert loopback.in_seq == 0
    assert not InboundMessage.objects.exists()


def test_a_payload_that_does_not_match_its_hash_is_refused(
    loopback: Peer, signed_post: Post
) -> None:
    tampered = message(1)
    tampered["payload"] = {"n": 999}
    result = answer(signed_post([tampered]))
    assert "SHA-256" in result["error"]["detail"]
    assert not InboundMessage.objects.exists()


def test_a_bad_signature_is_refused_with_401(loopback: Peer, signed_post: Post) -> None:
    forged = identity.sign(b"something else")
    response = signed_post([message(1)], signature=forged)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert not InboundMessage.objects.exists()


def test_a_stale_timestamp_is_refused_with_401(loopback: Peer, signed_post: Post) -> None:
    response = signed_post([message(1)], timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    with translation.override(response["Content-Language"] or "vi"):
        expected = str(_("The request's timestamp is too far from this instance's clock."))
    assert response.json()["detail"] == expected


def test_an_unknown_instance_is_refused_with_401(loopback: Peer, signed_post: Post) -> None:
    response = signed_post([message(1)], sender="stranger")
    assert response.status_code == 401


def test_an_inactive_peer_is_refused(loopback: Peer, signed_post: Post) -> None:
    Peer.objects.filter(pk=loopback.pk).update(active=False)
    assert signed_post([message(1)]).status_code == 401

"""The administrators' page, the operators' command and the instance key."""

from __future__ import annotations

import io
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from chancery.core.models import AuditEntry
from chancery.core.tests.factories import UserFactory
from chancery.exchange import identity, service
from chancery.exchange.models import OutboundMessage, Peer

pytestmark = pytest.mark.django_db


def test_the_instance_key_is_created_once_private_and_reused(settings: Any) -> None:
    path = Path(settings.CHANCERY_INSTANCE_KEY_PATH)
    first = identity.public_key_b64()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    identity._keys.clear()
    assert identity.public_key_b64() == first
    signature = identity.sign(b"data")
    assert identity.verify(first, signature, b"data")
    assert not identity.verify(first, signature, b"other data")


def test_an_administrator_sees_each_peer_queue_and_can_push_now(loopback: Peer) -> None:
    service.send(loopback, "exchange.ping", {"n": 1})
    admin = UserFactory(admin=True)
    client = Client()
    client.force_login(admin)
    page = client.get("/exchange/")
    assert page.status_code == 200
    assert "Loopback" in page.content.decode()
    response = client.post(f"/exchange/peers/{loopback.code}/push/")
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="exchange.push_requested").exists()


def test_other_staff_cannot_see_the_exchange_page(loopback: Peer) -> None:
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/exchange/").status_code == 403
    assert client.post(f"/exchange/peers/{loopback.code}/push/").status_code == 403


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("exchange", *args, stdout=out)
    return out.getvalue()


def test_the_command_adds_peers_pings_and_reports_status() -> None:
    code, key = _run("key").split()
    assert code == "hq"
    added = _run(
        "peer-add",
        "--code",
        "emb-us",
        "--name",
        "Washington",
        "--url",
        "http://127.0.0.1:9/",
        "--public-key",
        key,
        "--default-route",
    )
    assert "emb-us" in added
    peer = Peer.objects.get(code="emb-us")
    assert peer.base_url == "http://127.0.0.1:9"
    assert AuditEntry.objects.filter(action="exchange.peer_added").exists()
    assert "Queued 3 ping(s)" in _run("ping", "emb-us", "--count", "3")
    assert OutboundMessage.objects.filter(peer=peer).count() == 3
    assert "emb-us  queued=3" in _run("status")


def test_the_command_refuses_a_bad_key_and_our_own_code() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="base64"):
        _run("peer-add", "--code", "x", "--name", "X", "--url", "http://x", "--public-key", "no")
    with pytest.raises(CommandError, match="own code"):
        _run(
            "peer-add",
            "--code",
            "hq",
            "--name",
            "X",
            "--url",
            "http://x",
            "--public-key",
            identity.public_key_b64(),
        )


def test_the_push_command_fails_loudly_when_the_peer_is_unreachable(loopback: Peer) -> None:
    from django.core.management.base import CommandError

    service.send(loopback, "exchange.ping", {"n": 1})
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be reached"):
        call_command("exchange", "push", "--peer", loopback.code, stdout=io.StringIO(), stderr=err)
    assert "127.0.0.1:9" in err.getvalue()
    assert OutboundMessage.objects.get().delivered_at is None
    entry = AuditEntry.objects.filter(action="exchange.pushed").get()
    assert entry.object_id == str(loopback.pk)

"""Operators' actions on the exchange: configure peers, push now, send a link test.

Run by administrators (the staff page checks Role.ADMIN) or by the operator at the console
(``chancery exchange``, ``actor=None``). Each writes its audit entry in its transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chancery.core.service import Role, Unit, User, record_audit
from chancery.exchange import identity
from chancery.exchange.models import OutboundMessage, Peer
from chancery.exchange.outbox import defer_push, send
from chancery.exchange.transport import PushResult, push

PING = "exchange.ping"


class ExchangeRefused(ValueError):
    """An operator's request that cannot be carried out (the message says why)."""


def _require_admin(actor: User | None) -> None:
    if actor is not None and Role.ADMIN not in (actor.roles or []):
        raise PermissionError(_("Only administrators manage the exchange."))


def add_peer(
    actor: User | None,
    *,
    code: str,
    name: str,
    base_url: str,
    public_key: str,
    unit_codes: Iterable[str] = (),
    default_route: bool = False,
) -> Peer:
    """Add a peer instance, or update the one with that code (address, key, units, route).

    Administrators or the console only. Refuses a malformed public key, our own code, an
    unknown unit code, and a second default route.
    """
    _require_admin(actor)
    if code == identity.instance_code():
        raise ExchangeRefused(_("That is this instance's own code."))
    try:
        identity.load_public_key(public_key)
    except ValueError as exc:
        raise ExchangeRefused(_("The public key is not a base64 Ed25519 key.")) from exc
    codes = list(unit_codes)
    units = list(Unit.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {unit.code for unit in units})
    if missing:
        raise ExchangeRefused(_("Unknown unit codes: %(codes)s") % {"codes": ", ".join(missing)})
    with transaction.atomic():
        if default_route and Peer.objects.filter(default_route=True).exclude(code=code).exists():
            raise ExchangeRefused(_("Another peer is already the default route."))
        peer, created = Peer.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "base_url": base_url.rstrip("/"),
                "public_key": public_key,
                "default_route": default_route,
                "active": True,
            },
        )
        peer.units.set(units)
        record_audit(
            actor,
            "exchange.peer_added" if created else "exchange.peer_updated",
            peer,
            data={"url": peer.base_url, "units": codes, "default_route": default_route},
        )
    return peer


def push_now(actor: User | None, peer: Peer) -> None:
    """Queue an immediate push of ``peer``'s pending messages. Administrators or the console."""
    _require_admin(actor)
    with transaction.atomic():
        defer_push(peer)
        record_audit(actor, "exchange.push_requested", peer)


def push_synchronously(
    actor: User | None, peer: Peer, progress: Callable[[int], Any] | None = None
) -> PushResult:
    """Push ``peer``'s queue now, in this process (``chancery exchange push``), and record
    what it did. Administrators or the console; a network failure is in the result."""
    _require_admin(actor)
    result = push(peer, progress=progress)
    record_audit(
        actor,
        "exchange.pushed",
        peer,
        data={"delivered": result.delivered, "error": result.error, "skipped": result.skipped},
    )
    return result


def ping(actor: User | None, peer: Peer, count: int = 1) -> list[OutboundMessage]:
    """Send ``count`` link-test messages to ``peer`` (recorded there, nothing else happens).

    Administrators or the console; refuses a count outside 1–10,000.
    """
    _require_admin(actor)
    if not 1 <= count <= 10_000:
        raise ExchangeRefused(_("Send between 1 and 10,000 test messages."))
    now = timezone.now().isoformat()
    with transaction.atomic():
        sent = [
            send(peer, PING, {"n": index, "at": now, "ping": str(uuid.uuid4())})
            for index in range(1, count + 1)
        ]
        record_audit(actor, "exchange.ping", peer, data={"count": count})
    return sent


def ping_handler(peer_code: str, message_id: uuid.UUID, payload: dict[str, Any]) -> None:
    """``exchange.ping`` needs nothing beyond being recorded as received."""

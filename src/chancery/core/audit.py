"""Writing to the audit chain. Every app records through ``core.service.record_audit``.

The entry is written in the caller's transaction: if the business write rolls back, so does
its audit entry, and a committed write always has its entry. Appends are serialised by a
transaction-scoped advisory lock so that ``seq`` is gapless and each ``prev_hash`` is the hash
of the entry committed just before.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from chancery.core.models.audit import AuditEntry

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User

GENESIS = "0" * 64
_LOCK_KEY = 0x43_48_41_4E_41_55_44  # "CHANAUD"


def canonical(entry: AuditEntry) -> bytes:
    """The bytes an entry's hash covers; ``verify`` recomputes exactly this."""
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "on_behalf_of": entry.on_behalf_of,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "classification": entry.classification,
        "ip": entry.ip,
        "data": entry.data,
        "prev": entry.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    *,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    classification: int | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    on_behalf_of: str = "",
) -> AuditEntry:
    """Append one entry to the chain inside the current transaction (or a new one)."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or str(target)[:255]
        if classification is None:
            classification = int(getattr(target, "classification", 0) or 0)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS)
        entry = AuditEntry(
            seq=seq,
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_label=str(actor.get_username()) if actor is not None and actor.pk else "",
            on_behalf_of=on_behalf_of,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_label=object_label,
            classification=classification or 0,
            ip=_client_ip(request),
            data=json.loads(json.dumps(data or {}, default=str)),
            prev_hash=prev_hash,
        )
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
    return entry

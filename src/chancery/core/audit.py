"""Writing to the audit chain. Every app records through ``core.service.record_audit``.

The entry is written in the caller's transaction: if the business write rolls back, so does
its audit entry, and a committed write always has its entry. Appends are serialised by a
transaction-scoped advisory lock so that ``seq`` is gapless and each ``prev_hash`` is the hash
of the entry committed just before.

The hashed form of an entry is :func:`canonical_row`; recording and ``chancery audit verify``
both go through it, so the two can never disagree about the format.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from json.encoder import encode_basestring as _json_str
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.db.models import BinaryField, F, Func, TextField
from django.utils import timezone

from chancery.core.models.audit import AuditEntry

if TYPE_CHECKING:
    from django.http import HttpRequest

    from chancery.core.models import User

GENESIS = "0" * 64
_LOCK_KEY = 0x43_48_41_4E_41_55_44  # "CHANAUD"

# The columns an entry's hash covers, in the order ``canonical_row`` expects them. Verification
# fetches exactly these (plus ``hash``) as tuples, without building model instances.
CHAIN_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "on_behalf_of",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "classification",
    "ip",
    "data",
    "prev_hash",
)

# The format is compact JSON with sorted keys and UTF-8 text (what ``json.dumps(body,
# sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` produces for the body
# ``{"seq", "at", "actor", "actor_label", "on_behalf_of", "action", "object_type",
# "object_id", "object_label", "classification", "ip", "data", "prev"}``). ``canonical_row``
# spells it out because verification hashes every entry ever written and the generic encoder
# is several times slower; a test holds the two byte-for-byte equal.
_encode_data = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_decode_data = json.JSONDecoder().decode
# Details repeat a lot (``{"method": "totp"}``, ``{"filters": {}}``...) and re-encoding them is
# the dearest step of verification, so the canonical form of recent ones is remembered.
_stored_data: dict[bytes, str] = {}
_STORED_DATA_MEMORY = 4096


def _canonical_stored_data(raw: bytes) -> str:
    text = _stored_data.get(raw)
    if text is None:
        text = _encode_data(_decode_data(raw.decode()))
        if len(_stored_data) >= _STORED_DATA_MEMORY:
            _stored_data.clear()
        _stored_data[raw] = text
    return text


def canonical_row(row: Sequence[Any]) -> bytes:
    """The bytes an entry's hash covers, from its ``CHAIN_FIELDS`` values in that order.

    Two shapes are accepted, because recording and verification hold an entry differently:
    ``at`` as a datetime or as its ISO text, ``data`` as a dict or as PostgreSQL's jsonb text
    in bytes (``STORED_FIELDS`` fetch both that way). Values after the fields are ignored.
    One function on purpose: it is the format, and verification runs it for every entry.
    """
    (
        seq,
        at,
        actor,
        actor_label,
        on_behalf_of,
        action,
        otype,
        oid,
        olabel,
        level,
        ip,
        data,
        prev,
        *_,
    ) = row
    if at.__class__ is not str:
        at = at.isoformat()
    if data.__class__ is bytes:
        data = "{}" if data == b"{}" else _canonical_stored_data(data)
    else:
        data = "{}" if data == {} else _encode_data(data)
    j = _json_str
    return (
        f'{{"action":{j(action)},"actor":{"null" if actor is None else actor},'
        f'"actor_label":{j(actor_label)},"at":"{at}","classification":{level:d},"data":{data},'
        f'"ip":{"null" if ip is None else j(ip)},"object_id":{j(oid)},"object_label":{j(olabel)},'
        f'"object_type":{j(otype)},"on_behalf_of":{j(on_behalf_of)},"prev":{j(prev)},'
        f'"seq":{seq:d}}}'
    ).encode()


# Verification reads ``at`` and ``data`` as text formatted by PostgreSQL, which spares it the
# two most expensive conversions per entry (the driver's timestamp parsing, then isoformat; and
# parsing empty details). The SQL below writes exactly what ``datetime.isoformat()`` writes for
# a UTC time; a test holds the two equal, with and without microseconds.
_AT_ISO = Func(
    F("at"),
    template=(
        "replace(to_char(%(expressions)s AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"'), '.000000+', '+')"
    ),
    output_field=TextField(),
)
STORED_ANNOTATIONS = {
    "at_iso": _AT_ISO,
    "data_json": Func(
        F("data"), template="convert_to(%(expressions)s::text, 'UTF8')", output_field=BinaryField()
    ),
}
# CHAIN_FIELDS as verification fetches them (with the annotations above), then the stored hash.
STORED_FIELDS = (
    *({"at": "at_iso", "data": "data_json"}.get(field, field) for field in CHAIN_FIELDS),
    "hash",
)


def canonical(entry: AuditEntry) -> bytes:
    """The bytes an entry's hash covers; ``verify`` recomputes exactly this."""
    return canonical_row([getattr(entry, name) for name in CHAIN_FIELDS])


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def hold_chain_lock() -> None:
    """Take now, until the current transaction ends, the lock that appending an entry takes.

    For a transaction that locks rows and then appends an entry, when another transaction may
    append an entry first and then lock the same rows: taking this lock first puts both in the
    same order, so PostgreSQL never has to break a deadlock between them (a wrong PIN counted on
    a key while a cable release that audited its signature resets the same key's count)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


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
    payload = json.dumps(data or {}, default=str, allow_nan=False)
    # No savepoint of its own: an entry that cannot be written must fail the caller's whole
    # transaction anyway, and the savepoint would cost two more round trips per entry.
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            # The address and details are hashed in the form PostgreSQL gives them back
            # (inet and jsonb normalise their input), so verification recomputes the same bytes.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s), host(%s::inet), %s::jsonb::text",
                [_LOCK_KEY, _client_ip(request), payload],
            )
            _, ip, stored_data = cursor.fetchone()
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
            classification=int(classification or 0),
            ip=ip,
            data=json.loads(stored_data),
            prev_hash=prev_hash,
        )
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
    return entry

"""Receiving a cable from another instance (exchange handler of ``cables.cable``) and the
sender's side of its receipt.

The cable keeps its id end to end: a message received twice files one cable. Everything runs
in the exchange's receiving transaction, so a refused message (an exception) leaves nothing
behind and the sender retries it.
"""

from __future__ import annotations

import base64
import io
import uuid
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from chancery.blobs import service as blobs
from chancery.core.service import Unit, User
from chancery.documents.cables import search
from chancery.documents.cables.access import sync_access
from chancery.documents.cables.constants import CableStatus
from chancery.documents.cables.delivery.addressees import file_addressees
from chancery.documents.cables.delivery.deliver import ack_due, notify_arrival, start_timers
from chancery.documents.cables.events import record_event
from chancery.documents.models import (
    Cable,
    CableAttachment,
    CableDelivery,
    CableParagraph,
    Caption,
    PrecedenceLevel,
)
from chancery.exchange import service as exchange
from chancery.signing import service as signing


class UnknownPost(LookupError):
    """The cable's originating post is not in this instance's organisation (refused: the
    sender keeps the message until the organisation is brought up to date)."""


def _peer_account(peer_code: str) -> User:
    """The inactive account standing for a peer instance (a received cable's drafter)."""
    user, _created = User.objects.get_or_create(
        username=f"peer-{peer_code}"[:150],
        defaults={"is_active": False, "full_name": peer_code},
    )
    return user


def _precedence(code: str) -> PrecedenceLevel:
    found = PrecedenceLevel.objects.filter(code=code).first()
    return found or PrecedenceLevel.objects.order_by("-rank").first() or _missing(code)


def _missing(code: str) -> PrecedenceLevel:
    raise LookupError(f"no precedence level {code!r} here")


def _unit(code: str | None) -> Unit | None:
    return Unit.objects.filter(code=code).first() if code else None


def receive_cable(peer_code: str, message_id: uuid.UUID, payload: dict[str, Any]) -> None:
    """File a cable released on ``peer_code``, deliver it to the addressees served here and
    start their timers. Called by the exchange (no user acts). Idempotent on the cable id;
    refuses (raises) a cable whose originating post is unknown here."""
    cable_id = uuid.UUID(payload["id"])
    if Cable.objects.filter(pk=cable_id).exists():
        return
    post = _unit(payload["post"])
    if post is None:
        raise UnknownPost(payload["post"])
    now = timezone.now()
    drafter = User.objects.filter(username=payload.get("drafted_by_username") or "").first()
    cable = Cable.objects.create(
        id=cable_id,
        status=CableStatus.RELEASED,
        post=post,
        drafting_unit=_unit(payload.get("drafting_unit")) or post,
        year=payload.get("year"),
        number=payload.get("number"),
        reference=payload.get("reference") or "",
        subject=payload["subject"],
        precedence=_precedence(payload["precedence"]),
        classification=int(payload["classification"]),
        tags=list(payload.get("tags") or []),
        released_by_name=payload.get("released_by") or "",
        released_at=_when(payload.get("released_at")) or now,
        origin_instance=peer_code,
        received_at=now,
        created_by=drafter or _peer_account(peer_code),
        drafted_by_name=payload.get("drafted_by") or "",
    )
    compartment_model: Any = Cable.compartments.rel.model
    cable.compartments.set(compartment_model.objects.filter(code__in=payload.get("compartments")))
    cable.captions.set(Caption.objects.filter(code__in=payload.get("captions") or []))
    cable.references.set(Cable.objects.filter(pk__in=payload.get("references") or []))
    CableParagraph.objects.bulk_create(
        CableParagraph(
            cable=cable, number=p["number"], classification=p["classification"], text=p["text"]
        )
        for p in payload.get("paragraphs") or []
    )
    _store_files(cable, payload)
    addressees = file_addressees(cable, payload.get("addressees") or [])
    served = [a for a in addressees if a.unit_id is not None or a.person_id is not None]
    unit_ids = {unit_id for a in served if (unit_id := _unit_id(a)) is not None}
    routes = exchange.routes_for_units(unit_ids)
    local = [a for a in served if routes.get(_unit_id(a) or 0) is None]
    deliveries = CableDelivery.objects.bulk_create(
        CableDelivery(
            cable=cable,
            addressee=addressee,
            role=addressee.role,
            unit_id=addressee.unit_id,
            person_id=addressee.person_id,
            delivered_at=now,
            ack_due_at=ack_due(cable.precedence, addressee.role, now),
        )
        for addressee in local
    )
    sync_access(cable)
    search.reindex([cable.pk])
    start_timers(cable, deliveries)
    notify_arrival(cable, deliveries)
    search.alert_saved_searches(cable.pk)
    record_event(
        cable,
        None,
        "received",
        instance=peer_code,
        message=str(message_id),
        delivered=len(deliveries),
        signature=cable.signature_verdict,
    )


def _unit_id(addressee: Any) -> int | None:
    if addressee.unit_id is not None:
        return int(addressee.unit_id)
    person = addressee.person
    return person.unit_id if person is not None else None


def _when(value: str | None) -> datetime | None:
    return parse_datetime(value) if value else None


def _store_files(cable: Cable, payload: dict[str, Any]) -> None:
    """The signed PDF (checked with the signing service) and the attachments, stored at the
    cable's classification and bound to it."""
    pdf = payload.get("signed_pdf")
    if pdf:
        data = base64.b64decode(pdf["data"])
        cable.signed_pdf = blobs.store(
            io.BytesIO(data),
            filename=pdf.get("filename") or f"{cable.pk}.pdf",
            actor=None,
            classification=cable.classification,
            owner=blobs.Owner.of(cable),
        )
        try:
            cable.signature_verdict = str(signing.validate(data, purpose="cable_receive").verdict)
        except signing.SigningError:
            cable.signature_verdict = "invalid"
        cable.save(update_fields=["signed_pdf", "signature_verdict"])
    for item in payload.get("attachments") or []:
        data = base64.b64decode(item["data"])
        attachment_id = uuid.UUID(item["id"])
        blob = blobs.store(
            io.BytesIO(data),
            filename=item["filename"],
            actor=None,
            classification=cable.classification,
            owner=blobs.Owner("documents.cableattachment", str(attachment_id)),
        )
        CableAttachment.objects.create(
            id=attachment_id,
            cable=cable,
            blob=blob,
            filename=item["filename"],
            content_type=item.get("content_type") or blob.content_type,
            size=len(data),
            sha256=item.get("sha256") or "",
        )


def on_cable_receipted(
    peer_code: str, message_id: uuid.UUID, payload: dict[str, Any], delivered_at: datetime
) -> None:
    """Receipt hook of ``cables.cable`` on the sender: the peer's signed receipt says when the
    cable reached it, which is when its addressees there had it delivered."""
    CableDelivery.objects.filter(
        cable_id=payload["id"], route=peer_code, delivered_at__isnull=True
    ).update(delivered_at=delivered_at)

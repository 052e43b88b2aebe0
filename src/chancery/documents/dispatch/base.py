"""The adapter interface, the registry, and the delivery of one recipient with its outcome."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from chancery.core.service import record_audit
from chancery.documents.constants import DispatchStatus, Status
from chancery.documents.models import Recipient

if TYPE_CHECKING:
    from chancery.documents.models import Document

logger = logging.getLogger(__name__)


class PermanentFailure(Exception):
    """A dispatch that no retry can fix (the job records it and stops retrying)."""


@dataclass(frozen=True)
class Delivery:
    """What an adapter did: the incoming document it created (internal delivery), and a
    reference an operator can follow (export package path, cover sheet file id)."""

    delivered_as: Document | None = None
    reference: str = ""


class Adapter(Protocol):
    """A dispatch channel. ``deliver`` runs inside the transaction that records the outcome,
    so its database writes commit with it; writes outside the database must be idempotent
    (a retry after a crash does them again)."""

    name: str

    def deliver(self, recipient: Recipient) -> Delivery: ...


REGISTRY: dict[str, Adapter] = {}


def register(kind: str, adapter: Adapter) -> None:
    """Use ``adapter`` for recipients of ``kind`` (``RecipientKind``); replaces the previous."""
    REGISTRY[kind] = adapter


def adapter_for(recipient: Recipient) -> Adapter:
    try:
        return REGISTRY[recipient.kind]
    except KeyError:
        raise PermanentFailure(f"no dispatch channel for {recipient.kind!r}") from None


def deliver(recipient_id: int) -> None:
    """Dispatch the issued document to one recipient, once.

    Who may call: the job ``documents.dispatch_recipient`` (and tests). A recipient already
    sent is left alone (idempotent). A failure is written on the recipient (attempts, error,
    status failed) and re-raised so the job is retried, except a ``PermanentFailure``.
    """
    try:
        with transaction.atomic():
            recipient = (
                Recipient.objects.select_for_update(of=("self",))
                .select_related("document", "document__document_type", "document__unit", "unit")
                .get(pk=recipient_id)
            )
            if recipient.status in (DispatchStatus.SENT, DispatchStatus.ACKNOWLEDGED):
                return
            if recipient.document.status != Status.ISSUED:
                raise PermanentFailure("the document is not issued")
            adapter = adapter_for(recipient)
            delivery = adapter.deliver(recipient)
            recipient.status = DispatchStatus.SENT
            recipient.channel = adapter.name
            recipient.attempts = F("attempts") + 1
            recipient.error = ""
            recipient.sent_at = timezone.now()
            recipient.delivered_as = delivery.delivered_as
            recipient.reference = delivery.reference[:255]
            recipient.save(
                update_fields=[
                    "status",
                    "channel",
                    "attempts",
                    "error",
                    "sent_at",
                    "delivered_as",
                    "reference",
                ]
            )
            record_audit(
                None,
                "documents.dispatched",
                recipient.document,
                data={"recipient": recipient.pk, "channel": adapter.name},
            )
    except PermanentFailure as exc:
        _failed(recipient_id, str(exc))
    except Exception as exc:
        _failed(recipient_id, f"{type(exc).__name__}: {exc}")
        raise


def _failed(recipient_id: int, error: str) -> None:
    logger.warning("dispatch of recipient %s failed: %s", recipient_id, error)
    Recipient.objects.filter(pk=recipient_id).exclude(status=DispatchStatus.SENT).update(
        status=DispatchStatus.FAILED, attempts=F("attempts") + 1, error=error[:500]
    )

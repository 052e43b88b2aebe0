"""Reading signing batches: a batch is seen by the person who started it, and nobody else."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from chancery.core.service import GuardedQuerySet, User
from chancery.signing.constants import IssuedStatus
from chancery.signing.models import SignedDocument, SigningBatch, SigningBatchItem
from chancery.signing.queries.documents import documents_visible_to

# Documents offered for a batch countersignature: recent ones (a checkbox per document).
COUNTERSIGN_WINDOW = dt.timedelta(days=90)


def get_batch_for_user(user: User, batch_id: uuid.UUID | str) -> SigningBatch:
    """The batch if ``user`` started it, else 404 (other people's batches do not exist)."""
    batch = (
        SigningBatch.objects.select_related("certificate")
        .filter(pk=batch_id, signer_id=user.pk)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def batch_items(batch: SigningBatch) -> QuerySet[SigningBatchItem]:
    return batch.items.select_related("document", "source").order_by("position")


def countersignable_documents(user: User) -> GuardedQuerySet[SignedDocument]:
    """Valid documents ``user`` can see from the last 90 days, to countersign in a batch."""
    since = timezone.now() - COUNTERSIGN_WINDOW
    return documents_visible_to(user).filter(status=IssuedStatus.VALID, created_at__gte=since)

"""Garbage collection: remove what no owner refers to, once it is older than the grace period."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from chancery.blobs.actions.common import lock_address
from chancery.blobs.backends import BlobBackend, StoredObject, get_backend
from chancery.blobs.models import Blob, BlobRef
from chancery.blobs.values import CollectionReport
from chancery.core.service import record_audit

BATCH = 500


def collect_garbage(
    *, dry_run: bool = False, grace: timedelta | None = None, now: datetime | None = None
) -> CollectionReport:
    """Delete unreferenced blobs older than ``grace`` from the backend and the database.

    Who may call: the daily job and ``chancery blobs gc``. Also removes objects in the backend
    that no row describes (left by an upload whose transaction rolled back) and leftovers of
    interrupted writes, both only past the grace period, so that an upload in progress or not
    yet attached to its owner is never touched. Idempotent: a second run finds nothing. With
    ``dry_run`` nothing is deleted and the report lists what would be.
    """
    grace = timedelta(seconds=settings.CHANCERY_BLOB_GC_GRACE_SECONDS) if grace is None else grace
    cutoff = (now or timezone.now()) - grace
    backend = get_backend()
    report = CollectionReport(dry_run=dry_run)
    for pk, address in _orphan_candidates(cutoff):
        if _remove_orphan(backend, pk, address, cutoff, dry_run):
            report.orphans.append(address)
    for batch in _batched(backend.iter_stored()):
        for stored in _strays(batch, cutoff):
            if _remove_stray(backend, stored.address, dry_run):
                report.strays.append(stored.address)
    report.temporaries = backend.remove_stale_temporaries(cutoff, dry_run=dry_run)
    if not dry_run and (report.orphans or report.strays):
        record_audit(
            None,
            "blobs.collected",
            object_type="blobs.blob",
            data={"orphans": len(report.orphans), "strays": len(report.strays)},
        )
    return report


def _orphan_candidates(cutoff: datetime) -> list[tuple[str, str]]:
    referenced = BlobRef.objects.filter(blob=OuterRef("pk"))
    candidates = Blob.objects.filter(created_at__lt=cutoff).exclude(Exists(referenced))
    return [(str(pk), address) for pk, address in candidates.values_list("pk", "address")]


def _remove_orphan(
    backend: BlobBackend, pk: str, address: str, cutoff: datetime, dry_run: bool
) -> bool:
    with transaction.atomic():
        lock_address(address)
        blob = Blob.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        # Re-checked under the lock: a reference may have been attached since the listing.
        if blob is None or blob.created_at >= cutoff or blob.refs.exists():
            return False
        if not dry_run:
            backend.delete(address)
            blob.delete()
    return True


def _strays(batch: list[StoredObject], cutoff: datetime) -> Iterator[StoredObject]:
    old = {stored.address: stored for stored in batch if stored.modified < cutoff}
    known = set(Blob.objects.filter(address__in=old).values_list("address", flat=True))
    return (stored for address, stored in old.items() if address not in known)


def _remove_stray(backend: BlobBackend, address: str, dry_run: bool) -> bool:
    with transaction.atomic():
        lock_address(address)
        if Blob.objects.filter(address=address).exists():
            return False  # an upload committed its row while we were listing
        if not dry_run:
            backend.delete(address)
    return True


def _batched(objects: Iterable[StoredObject]) -> Iterator[list[StoredObject]]:
    iterator = iter(objects)
    while batch := list(islice(iterator, BATCH)):
        yield batch

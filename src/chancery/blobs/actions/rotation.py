"""Key rotation: re-wrap data keys with a level's current KEK; the content is never touched."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from chancery.blobs.envelope import rewrap
from chancery.blobs.keyring import load_keyring
from chancery.blobs.models import Blob
from chancery.blobs.values import RotationReport
from chancery.core.service import Clearance, record_audit


def rotate_keys(
    level: int, *, batch_size: int = 200, progress: Callable[[int], object] | None = None
) -> RotationReport:
    """Re-wrap every data key of ``level`` not yet under the level's current KEK version.

    Who may call: operators, through ``chancery blobs rotate-keys``. Only the wrapped keys in
    the database change: stored ciphertext, addresses and backups stay valid. Each batch
    commits with its audit entry, so an interrupted run keeps what it did and the next run
    continues with the rest (rows already at the current version are never selected again).
    Refused with ``KeyNotAvailable`` if an old version a blob uses is missing from the keyring,
    and with ``BlobTampered`` if a wrapped key does not unwrap.
    """
    if level < Clearance.CONFIDENTIAL:
        raise ValueError("Only classified levels have keys to rotate")
    keyring = load_keyring()
    version, _ = keyring.current(level)
    report = RotationReport(level=level, version=version)
    pending = Blob.objects.filter(classification=level).exclude(key_version=version)
    while True:
        with transaction.atomic():
            # skip_locked: a second rotation running at once takes other rows instead of
            # waiting; neither re-wraps a row twice.
            batch = list(pending.select_for_update(skip_locked=True).order_by("pk")[:batch_size])
            if not batch:
                break
            for blob in batch:
                rewrap(blob, keyring)
            Blob.objects.bulk_update(batch, ["wrapped_key", "key_version"])
            record_audit(
                None,
                "blobs.keys_rewrapped",
                object_type="blobs.blob",
                classification=level,
                data={"level": level, "version": version, "count": len(batch)},
            )
        report.rewrapped += len(batch)
        if progress is not None:
            progress(len(batch))
    return report

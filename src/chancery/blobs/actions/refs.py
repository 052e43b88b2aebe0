"""Owners pointing at blobs: the references that keep blobs from garbage collection."""

from __future__ import annotations

from django.db import transaction

from chancery.blobs.backends import check_address
from chancery.blobs.exceptions import BlobNotFound
from chancery.blobs.models import Blob, BlobRef
from chancery.blobs.values import Owner
from chancery.core.service import User, record_audit


def attach(address: str, owner: Owner, *, actor: User | None, label: str = "") -> BlobRef:
    """Make ``owner`` refer to the blob at ``address`` under ``label`` (idempotent).

    Who may call: any app that has decided the actor may change ``owner``. Refused with
    :class:`BlobNotFound` if the blob does not exist (or was just collected as an orphan) or is
    classified above the actor's clearance, which is indistinguishable on purpose.
    """
    with transaction.atomic():
        # The row lock makes a concurrent garbage collection wait, then see this reference.
        blob = Blob.objects.select_for_update().filter(address=check_address(address)).first()
        if blob is None or (actor is not None and actor.clearance < blob.classification):
            raise BlobNotFound
        ref = add_ref(blob, owner, label=label, actor=actor)
        if blob.classification:
            record_audit(actor, "blobs.attached", blob, data=_describe(owner, label))
        return ref


def detach(
    owner: Owner, *, actor: User | None, address: str | None = None, label: str | None = None
) -> int:
    """Remove ``owner``'s references (to one blob and/or one label if given); return how many.

    Who may call: the app that owns ``owner``, when it drops a file or deletes the object.
    Blobs left without references are removed later by garbage collection, not here.
    """
    refs = BlobRef.objects.filter(
        owner_type=owner.type, owner_id=owner.id, owner_version=owner.version
    )
    if address is not None:
        refs = refs.filter(blob__address=check_address(address))
    if label is not None:
        refs = refs.filter(label=label)
    with transaction.atomic():
        classified = list(refs.filter(blob__classification__gt=0).select_related("blob"))
        deleted, _ = refs.delete()
        for ref in classified:
            record_audit(actor, "blobs.detached", ref.blob, data=_describe(owner, ref.label))
    return deleted


def add_ref(
    blob: Blob, owner: Owner, *, label: str, actor: User | None, new_blob: bool = False
) -> BlobRef:
    """The reference row itself; callers hold the blob's row lock.

    ``new_blob``: the blob was created in this transaction, so it cannot have the reference yet.
    """
    fields = {
        "blob": blob,
        "owner_type": owner.type,
        "owner_id": owner.id,
        "owner_version": owner.version,
        "label": label,
    }
    created_by = actor if actor is not None and actor.pk else None
    if new_blob:
        return BlobRef.objects.create(**fields, created_by=created_by)
    ref, _ = BlobRef.objects.get_or_create(**fields, defaults={"created_by": created_by})
    return ref


def _describe(owner: Owner, label: str) -> dict[str, str | int]:
    return {"owner": f"{owner.type}:{owner.id}", "version": owner.version, "label": label}

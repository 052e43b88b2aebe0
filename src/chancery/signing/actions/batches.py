"""Batch signing: one signer, one PIN entry, N documents, each signed completely or untouched.

Two ways in. ``sign_batch`` runs in the caller's process (``chancery sign`` uses it, with a
progress bar). ``start_batch`` checks the PIN at once, then hands the documents to a job on
the ``signing`` queue and returns; the job reports progress to the page that started it. The
job's PIN is sealed (AES-GCM, bound to the batch id) in the batch row, never in the job's
arguments or logs, and wiped when the batch ends, whatever the outcome. A worker killed mid-
batch is retried by another: items already signed are skipped (each item commits on its own).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign.signers import Signer

from chancery.blobs import service as blobs
from chancery.core.service import (
    User,
    record_audit,
    report_progress,
    seal_secret,
    track_progress,
    unseal_secret,
)
from chancery.signing.actions.documents import SigningRequest, countersign_with, sign_with
from chancery.signing.actions.keys import unlock_for_signing
from chancery.signing.exceptions import InvalidPdf, SigningError
from chancery.signing.models import (
    BatchStatus,
    Certificate,
    SignedDocument,
    SigningBatch,
    SigningBatchItem,
)


@dataclass(frozen=True)
class BatchItem:
    """A new document (``pdf`` and ``request``) or a countersignature on ``document``."""

    pdf: bytes | None = None
    request: SigningRequest | None = None
    document: SignedDocument | None = None


@dataclass(frozen=True)
class BatchOutcome:
    position: int
    document: SignedDocument | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.document is not None


Progress = Callable[[int, int], None]


class BatchTooLarge(SigningError):
    code = "batch-too-large"


def _check_size(count: int) -> None:
    if count == 0 or count > settings.CHANCERY_SIGNING_MAX_BATCH:
        raise BatchTooLarge(
            _("A batch holds between 1 and %(max)s documents.")
            % {"max": settings.CHANCERY_SIGNING_MAX_BATCH}
        )


def _sign_one(
    actor: User, signer: Signer, certificate: Certificate, item: BatchItem, level: str
) -> SignedDocument:
    if item.document is not None:
        return countersign_with(actor, signer, certificate, item.document, level=level)
    if item.pdf is None or item.request is None:
        raise ValueError("a batch item needs a PDF and a request, or a document")
    request = item.request if item.request.level == level else _with_level(item.request, level)
    return sign_with(actor, signer, certificate, item.pdf, request)


def _with_level(request: SigningRequest, level: str) -> SigningRequest:
    return SigningRequest(**{**asdict(request), "level": level})


def sign_batch(
    actor: User,
    *,
    certificate: Certificate,
    pin: str,
    items: Sequence[BatchItem],
    level: str,
    progress: Progress | None = None,
) -> list[BatchOutcome]:
    """Sign every item with one unlock of ``certificate``; go on past an item that fails.

    Who may: whoever may sign with ``certificate``. Refuses the whole batch (nothing signed)
    for a wrong PIN, a locked key or an unusable certificate; a single bad item (an invalid
    PDF, a revoked document) is reported in its outcome and the others are signed.
    """
    _check_size(len(items))
    outcomes: list[BatchOutcome] = []
    with unlock_for_signing(actor, certificate, pin) as signer:
        for position, item in enumerate(items):
            try:
                document = _sign_one(actor, signer, certificate, item, level)
                outcomes.append(BatchOutcome(position, document))
            except (SigningError, InvalidPdf) as exc:
                outcomes.append(BatchOutcome(position, None, str(exc.message)))
            if progress is not None:
                progress(position + 1, len(items))
    record_audit(
        actor,
        "signing.batch",
        certificate,
        data={
            "signed": sum(1 for outcome in outcomes if outcome.ok),
            "failed": sum(1 for outcome in outcomes if not outcome.ok),
            "level": level,
        },
    )
    return outcomes


def _request_json(request: SigningRequest) -> dict[str, object]:
    data = asdict(request)
    data["issued_on"] = request.issued_on.isoformat() if request.issued_on else None
    return data


def start_batch(
    actor: User,
    *,
    certificate: Certificate,
    pin: str,
    items: Sequence[BatchItem],
    level: str,
) -> SigningBatch:
    """Check the PIN now, then sign ``items`` in a background job; returns the batch.

    Who may: whoever may sign with ``certificate``. A wrong PIN is refused here (and counted),
    before anything is queued. Uploaded PDFs are stored as blobs of the batch until signed.
    """
    _check_size(len(items))
    with unlock_for_signing(actor, certificate, pin):
        pass
    from chancery.signing.tasks import run_batch

    with transaction.atomic():
        batch = SigningBatch(signer=actor, certificate=certificate, level=level)
        batch.sealed_pin = seal_secret(pin.encode(), f"signing-batch:{batch.pk}")
        batch.save()
        for position, item in enumerate(items):
            source = None
            if item.pdf is not None and item.request is not None:
                source = blobs.store(
                    io.BytesIO(item.pdf),
                    filename=item.request.filename,
                    actor=actor,
                    classification=item.request.classification,
                    owner=blobs.Owner.of(batch, version=position),
                    declared_type="application/pdf",
                    allowed_types=[blobs.FileType.PDF],
                )
            SigningBatchItem.objects.create(
                batch=batch,
                position=position,
                source=source,
                document=item.document,
                request=_request_json(item.request) if item.request else {},
            )
        job_id = run_batch.defer(batch_id=str(batch.pk))
        batch.job_id = job_id
        batch.save(update_fields=["job_id"])
        track_progress(
            job_id,
            _("Signing %(count)s documents") % {"count": len(items)},
            owner=actor,
            total=len(items),
        )
        record_audit(actor, "signing.batch_started", certificate, data={"batch": str(batch.pk)})
    return batch


def _item_request(item: SigningBatchItem) -> SigningRequest:
    import datetime as dt

    data = dict(item.request)
    issued_on = data.pop("issued_on", None)
    return SigningRequest(**data, issued_on=dt.date.fromisoformat(issued_on) if issued_on else None)


def _item_pdf(item: SigningBatchItem, actor: User) -> bytes:
    assert item.source is not None
    with blobs.open_blob(item.source.address, actor=actor) as reader:
        return reader.read()


def _finish(batch: SigningBatch, status: str, error: str = "") -> None:
    batch.status = status
    batch.error = error
    batch.sealed_pin = None
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "error", "sealed_pin", "finished_at"])


def run_batch_job(batch_id: str) -> None:
    """The job's body: sign the items not yet signed; wipe the PIN at the end."""
    batch = SigningBatch.objects.select_related("signer", "certificate").get(pk=batch_id)
    if batch.status in (BatchStatus.DONE, BatchStatus.FAILED) or batch.sealed_pin is None:
        return
    SigningBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    pin = unseal_secret(bytes(batch.sealed_pin), f"signing-batch:{batch.pk}").decode()
    items = list(batch.items.select_related("source", "document").order_by("position"))
    done = sum(1 for item in items if item.done_at or item.error)
    try:
        with unlock_for_signing(batch.signer, batch.certificate, pin) as signer:
            for item in items:
                if item.done_at or item.error:
                    continue
                _run_item(batch, signer, item)
                done += 1
                if batch.job_id is not None:
                    report_progress(batch.job_id, done, len(items))
    except SigningError as exc:
        _finish(batch, BatchStatus.FAILED, str(exc.message))
        return
    _finish(batch, BatchStatus.DONE)


def _run_item(batch: SigningBatch, signer: Signer, item: SigningBatchItem) -> None:
    actor = batch.signer
    try:
        if item.document_id is not None:
            assert item.document is not None
            document = countersign_with(
                actor, signer, batch.certificate, item.document, level=batch.level
            )
        else:
            request = _with_level(_item_request(item), batch.level)
            document = sign_with(actor, signer, batch.certificate, _item_pdf(item, actor), request)
    except (SigningError, InvalidPdf) as exc:
        SigningBatchItem.objects.filter(pk=item.pk).update(error=str(exc.message)[:2000])
        return
    SigningBatchItem.objects.filter(pk=item.pk).update(document=document, done_at=timezone.now())

"""Batch signing: one PIN entry, N documents, each signed completely or left untouched."""

from __future__ import annotations

import pytest

from chancery.core.models import JobProgress
from chancery.lib.pdfgen import sample_letter
from chancery.signing.actions.batches import BatchItem, run_batch_job, sign_batch, start_batch
from chancery.signing.actions.documents import SigningRequest
from chancery.signing.constants import PadesLevel
from chancery.signing.exceptions import WrongPin
from chancery.signing.models import BatchStatus, SignedDocument, SigningBatch
from chancery.signing.tests.db_pki import PIN, SigningWorld


def _items(world: SigningWorld, count: int) -> list[BatchItem]:
    return [
        BatchItem(
            pdf=sample_letter(f"{100 + n}/BNG-LS"),
            request=SigningRequest(
                document_type="cong-van",
                issuer_unit_id=world.unit.pk,
                public_number=f"{100 + n}/BNG-LS",
                filename=f"letter-{n}.pdf",
            ),
        )
        for n in range(count)
    ]


def test_one_pin_signs_every_good_item_and_reports_the_bad_one(world: SigningWorld) -> None:
    # Given three letters, the second of which is not a PDF
    items = _items(world, 3)
    items[1] = BatchItem(pdf=b"not a pdf at all", request=items[1].request)
    seen: list[tuple[int, int]] = []
    # When the clerk signs them with the seal in one batch
    outcomes = sign_batch(
        world.clerk,
        certificate=world.seal_cert,
        pin=PIN,
        items=items,
        level=PadesLevel.B_T,
        progress=lambda done, total: seen.append((done, total)),
    )
    # Then two are signed, the bad one is reported and untouched, progress went 1..3
    assert [outcome.ok for outcome in outcomes] == [True, False, True]
    assert outcomes[1].error
    assert SignedDocument.objects.count() == 2
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_wrong_pin_refuses_the_whole_batch(world: SigningWorld) -> None:
    with pytest.raises(WrongPin):
        sign_batch(
            world.clerk,
            certificate=world.seal_cert,
            pin="999999",
            items=_items(world, 2),
            level=PadesLevel.B_B,
        )
    assert SignedDocument.objects.count() == 0


def test_a_background_batch_checks_the_pin_first(world: SigningWorld) -> None:
    with pytest.raises(WrongPin):
        start_batch(
            world.clerk,
            certificate=world.seal_cert,
            pin="999999",
            items=_items(world, 2),
            level=PadesLevel.B_B,
        )
    assert SigningBatch.objects.count() == 0


def test_a_background_batch_signs_reports_progress_and_wipes_the_pin(
    world: SigningWorld,
) -> None:
    # Given a batch started with the right PIN
    batch = start_batch(
        world.clerk,
        certificate=world.seal_cert,
        pin=PIN,
        items=_items(world, 3),
        level=PadesLevel.B_B,
    )
    assert batch.sealed_pin is not None
    assert PIN.encode() not in bytes(batch.sealed_pin)
    assert batch.job_id is not None
    progress = JobProgress.objects.get(job_id=batch.job_id)
    assert progress.total == 3
    # When its job runs (here, in process, as a worker would)
    run_batch_job(str(batch.pk))
    # Then every item is signed, progress is complete and the PIN is gone
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    assert batch.sealed_pin is None
    assert batch.items.filter(done_at__isnull=False).count() == 3
    progress.refresh_from_db()
    assert progress.done == 3
    # And running it again (a retried job) signs nothing twice
    run_batch_job(str(batch.pk))
    assert SignedDocument.objects.count() == 3

"""Jobs of the signing service."""

from __future__ import annotations

from chancery.core.service import job_task


@job_task(name="signing.run_batch", queue="signing", retry=False)
def run_batch(batch_id: str) -> None:
    """Sign a batch's remaining items (see ``actions.batches``)."""
    from chancery.signing.actions.batches import run_batch_job

    run_batch_job(batch_id)

"""The portal's jobs: the dissemination outbox of each published revision."""

from __future__ import annotations

from chancery.core.service import job_task


@job_task(name="portal.run_outbox", queue="default")
def run_outbox(revision_id: int) -> None:
    """Run the waiting dissemination steps of ``revision_id`` in order.

    Deferred by ``outbox.enqueue`` in the publishing transaction, one waiting job per
    revision. Idempotent: finished steps are left alone, so running it again posts nothing
    twice; a failing step schedules its own retry and the next steps still run."""
    from chancery.portal import outbox

    outbox.run(revision_id)


@job_task(name="portal.retry_outbox_step", queue="default")
def retry_outbox_step(step_id: int) -> None:
    """Try one dissemination step again (scheduled at its ``next_attempt_at``, or at once by
    an editor's "Retry now"); a step already done, or not yet due, is left alone."""
    from chancery.portal import outbox

    outbox.run_step(step_id)

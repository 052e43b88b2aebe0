"""A job whose worker dies (SIGKILL, lost machine) is run again, not lost."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from django.db import connection
from procrastinate.contrib.django import app

from chancery.core import jobs_runtime
from chancery.core.tests import job_tasks
from chancery.core.tests.jobs_helpers import (
    attempts_of,
    lines,
    run_with_worker_app,
    start_worker,
    status_of,
    stop,
    unique_queue,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _running_on_worker(job_id: int, heartbeat_age_seconds: int) -> None:
    """Mark a job as taken by a worker whose last heartbeat is that old."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (now() - make_interval(secs => %s)) RETURNING id",
            [heartbeat_age_seconds],
        )
        worker_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, job_id],
        )


def test_jobs_of_a_silent_worker_are_queued_again_and_a_live_workers_are_not(
    tmp_path: Path,
) -> None:
    queue = unique_queue()
    deferrer = job_tasks.touch.configure(queue=queue)
    orphaned = deferrer.defer(path=str(tmp_path / "a"))
    healthy = deferrer.defer(path=str(tmp_path / "b"))
    _running_on_worker(orphaned, heartbeat_age_seconds=600)
    _running_on_worker(healthy, heartbeat_age_seconds=1)

    retried = run_with_worker_app(lambda worker_app: jobs_runtime.retry_stalled(worker_app, 60))

    assert retried == [orphaned]
    assert status_of(orphaned) == "todo"
    assert status_of(healthy) == "doing"


def test_housekeeping_checks_for_stalled_jobs_on_the_configured_schedule() -> None:
    schedule = {
        key[0]: periodic.cron for key, periodic in app.periodic_registry.periodic_tasks.items()
    }
    assert schedule["core.retry_stalled_jobs"] == "*/1 * * * *"  # every 60 s by default
    assert jobs_runtime.cron_every(5) == "* * * * * */5"
    assert jobs_runtime.cron_every(7200) == "0 */2 * * *"


@pytest.mark.slow
def test_worker_killed_mid_job_leaves_the_job_to_another_worker_which_completes_it(
    tmp_path: Path,
) -> None:
    queue = unique_queue()
    fast_failover = {
        "CHANCERY_JOB_HEARTBEAT_SECONDS": "1",
        "CHANCERY_JOB_STALLED_SECONDS": "3",
        "CHANCERY_JOB_STALLED_CHECK_SECONDS": "1",
    }
    job_id = job_tasks.block_first_attempt.configure(queue=queue).defer(folder=str(tmp_path))

    with (tmp_path / "first.log").open("wb") as log:
        first = start_worker([queue], log, **fast_failover)
        try:
            wait_for(lambda: lines(tmp_path / "started") == ["0"], 60, "the first attempt")
            assert status_of(job_id) == "doing"
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop(first)
    assert status_of(job_id) == "doing"  # killed: nobody finished it

    with (tmp_path / "second.log").open("wb") as log:
        # The survivor also serves "ops", where the stalled-job check runs.
        second = start_worker([queue, "ops"], log, **fast_failover)
        try:
            wait_for(lambda: lines(tmp_path / "done") == ["1"], 60, "the job to be rerun")
            wait_for(lambda: status_of(job_id) == "succeeded", 10, "success")
        finally:
            stop(second)

    # Two attempts: the one that died with its worker, the one that finished.
    assert attempts_of(job_id) == 2
    assert lines(tmp_path / "started") == ["0", "1"]

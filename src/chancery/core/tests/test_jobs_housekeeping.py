"""Old finished jobs are pruned, failed ones kept longer, their notes go with them."""

from __future__ import annotations

import pytest
from django.db import connection

from chancery.core import jobs_runtime
from chancery.core.actions.jobs import track_progress
from chancery.core.models import JobError, JobProgress
from chancery.core.tests import job_tasks
from chancery.core.tests.jobs_helpers import (
    job_row,
    run_with_worker_app,
    run_worker,
    status_of,
    unique_queue,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _finished_days_ago(job_id: int, days: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - make_interval(days => %s) "
            "WHERE job_id = %s",
            [days, job_id],
        )


def test_pruning_keeps_recent_jobs_and_failed_jobs_for_longer() -> None:
    queue = unique_queue()
    succeeded = job_tasks.touch.configure(queue=queue)
    failed = job_tasks.always_fails.configure(queue=queue)
    old_success = succeeded.defer(path="/dev/null")
    new_success = succeeded.defer(path="/dev/null")
    old_failure = failed.defer(reason="a month ago")
    ancient_failure = failed.defer(reason="last year")
    for job_id in (old_success, new_success, old_failure, ancient_failure):
        track_progress(job_id, "work")
    run_worker(queue)
    _finished_days_ago(old_success, 30)
    _finished_days_ago(old_failure, 30)
    _finished_days_ago(ancient_failure, 365)

    run_with_worker_app(lambda worker_app: jobs_runtime.prune(worker_app, days=14, failed_days=90))

    assert job_row(old_success) is None
    assert job_row(ancient_failure) is None
    assert status_of(new_success) == "succeeded"
    assert status_of(old_failure) == "failed"
    assert set(JobProgress.objects.values_list("job_id", flat=True)) == {new_success, old_failure}
    assert set(JobError.objects.values_list("job_id", flat=True)) == {old_failure}

"""A job is deferred in the transaction of the write that causes it, in web code and in jobs."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from django.db import connection, transaction

from chancery.core.tests import job_tasks
from chancery.core.tests.jobs_helpers import job_row, lines, run_worker, status_of, unique_queue

pytestmark = pytest.mark.django_db(transaction=True)


class Rollback(Exception):
    pass


def _other_connection_sees(job_id: int) -> bool:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        found = other.execute("SELECT 1 FROM procrastinate_jobs WHERE id = %s", [job_id])
        return found.fetchone() is not None


def test_job_deferred_in_a_rolled_back_transaction_is_never_queued_nor_run(
    tmp_path: Path,
) -> None:
    queue = unique_queue()
    marker = tmp_path / "ran"

    def write_then_fail() -> int:
        with transaction.atomic():
            deferred.append(job_tasks.touch.configure(queue=queue).defer(path=str(marker)))
            raise Rollback

    deferred: list[int] = []
    with pytest.raises(Rollback):
        write_then_fail()
    (job_id,) = deferred

    assert job_row(job_id) is None
    run_worker(queue)
    assert not marker.exists()


def test_job_deferred_in_a_committed_transaction_runs(tmp_path: Path) -> None:
    queue = unique_queue()
    marker = tmp_path / "ran"

    with transaction.atomic():
        job_id = job_tasks.touch.configure(queue=queue).defer(path=str(marker))

    run_worker(queue)
    assert lines(marker) == ["ran"]
    assert status_of(job_id) == "succeeded"


def test_deferred_job_is_invisible_to_workers_until_the_transaction_commits(
    tmp_path: Path,
) -> None:
    queue = unique_queue()

    with transaction.atomic():
        job_id = job_tasks.touch.configure(queue=queue).defer(path=str(tmp_path / "ran"))
        assert job_row(job_id) is not None  # our own transaction sees it
        assert not _other_connection_sees(job_id)

    assert _other_connection_sees(job_id)


def test_job_deferred_by_a_running_job_rolls_back_with_that_jobs_transaction(
    tmp_path: Path,
) -> None:
    queue = unique_queue()
    marker = tmp_path / "follow-up"

    job_id = job_tasks.defer_touch_then_fail.configure(queue=queue).defer(
        path=str(marker), queue=queue
    )
    run_worker(queue)

    assert status_of(job_id) == "failed"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE queue_name = %s AND task_name = %s",
            [queue, "testjobs.touch"],
        )
        assert cursor.fetchone()[0] == 0
    assert not marker.exists()


def test_job_deferred_by_a_running_job_that_commits_runs(tmp_path: Path) -> None:
    queue = unique_queue()
    marker = tmp_path / "follow-up"

    job_tasks.defer_touch.configure(queue=queue).defer(path=str(marker), queue=queue)
    run_worker(queue)

    assert lines(marker) == ["ran"]

"""Failed attempts are retried with exponential backoff, and their errors are kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from chancery.core.jobs import default_retry, job_task
from chancery.core.models import JobError
from chancery.core.tests import job_tasks
from chancery.core.tests.jobs_helpers import (
    attempts_of,
    job_row,
    lines,
    make_due,
    run_worker,
    seconds_until_due,
    status_of,
    unique_queue,
)


@pytest.mark.django_db(transaction=True)
def test_job_failing_twice_is_retried_later_each_time_then_succeeds(tmp_path: Path) -> None:
    queue = unique_queue()
    runs = tmp_path / "runs"
    job_id = job_tasks.flaky.configure(queue=queue).defer(path=str(runs), failures=2)

    run_worker(queue)
    first = job_row(job_id)
    assert first is not None
    assert (first["status"], first["attempts"]) == ("todo", 1)
    assert 2 < seconds_until_due(job_id) <= 4  # backoff 4 s

    run_worker(queue)  # not due yet: the worker leaves it alone
    assert lines(runs) == ["run 1"]

    make_due(job_id)
    run_worker(queue)
    assert attempts_of(job_id) == 2
    assert 14 < seconds_until_due(job_id) <= 16  # backoff 4**2 s

    make_due(job_id)
    run_worker(queue)
    assert status_of(job_id) == "succeeded"
    assert lines(runs) == ["run 1", "run 2", "run 3"]
    errors = list(JobError.objects.filter(job_id=job_id).order_by("attempt"))
    assert [(error.attempt, error.error) for error in errors] == [
        (1, "DeliberateFailure: failure 1 of 2"),
        (2, "DeliberateFailure: failure 2 of 2"),
    ]
    assert "job_tasks.py" in errors[0].traceback


@pytest.mark.django_db(transaction=True)
def test_job_without_retries_fails_at_its_first_error() -> None:
    queue = unique_queue()
    job_id = job_tasks.always_fails.configure(queue=queue).defer(reason="disk full")

    run_worker(queue)

    assert status_of(job_id) == "failed"
    assert JobError.objects.get(job_id=job_id).error == "DeliberateFailure: disk full"


def test_default_retry_gives_five_more_attempts_with_exponential_waits() -> None:
    strategy = default_retry()
    assert (strategy.max_attempts, strategy.exponential_wait) == (5, 4)


def test_job_in_a_queue_nobody_serves_is_refused_at_declaration() -> None:
    with pytest.raises(ImproperlyConfigured, match="unknown queue"):
        job_task(name="testjobs.misrouted", queue="emails")


def test_job_name_must_name_its_app() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"<app>\.<function>"):
        job_task(name="misnamed")

"""Long jobs report progress; the person who started one (and administrators) can watch it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from chancery.core.actions.jobs import report_progress, track_progress
from chancery.core.models import JobProgress
from chancery.core.tests import job_tasks
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.jobs_helpers import run_worker, unique_queue


def _set_status(job_id: int, status: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id])


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def running_job(db: None) -> int:
    job_id = job_tasks.touch.configure(queue=unique_queue()).defer(path="/nonexistent")
    _set_status(job_id, "doing")
    return job_id


@pytest.mark.django_db(transaction=True)
def test_job_reports_its_progress_as_it_works() -> None:
    queue = unique_queue()
    owner = UserFactory()
    job_id = job_tasks.count_to.configure(queue=queue).defer(total=5)
    track_progress(job_id, "Counting", owner=owner)

    run_worker(queue)

    progress = JobProgress.objects.get(job_id=job_id)
    assert (progress.label, progress.done, progress.total, progress.message) == (
        "Counting",
        5,
        5,
        "item 5",
    )
    assert progress.owner == owner
    assert progress.percent() == 100


def test_owner_sees_progress_with_htmx_polling_while_the_job_runs(
    client: Client, running_job: int
) -> None:
    owner = UserFactory()
    track_progress(running_job, "Re-indexing the archive", owner=owner, total=200)
    report_progress(running_job, 50, message="Cables of 2019")
    client.force_login(owner)

    page = client.get(reverse("core:job-progress", args=[running_job]))
    partial = client.get(
        reverse("core:job-progress", args=[running_job]), headers={"HX-Request": "true"}
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "Re-indexing the archive" in body
    assert 'value="25"' in body
    assert "Cables of 2019" in body
    assert 'http-equiv="refresh"' in body  # no-JS browsers reload the page
    fragment = partial.content.decode()
    assert "<html" not in fragment
    assert 'hx-trigger="every 2s"' in fragment


def test_finished_job_stops_polling_and_refreshing(client: Client, running_job: int) -> None:
    owner = UserFactory()
    track_progress(running_job, "Export", owner=owner, total=10)
    report_progress(running_job, 10)
    _set_status(running_job, "succeeded")
    client.force_login(owner)

    page = client.get(reverse("core:job-progress", args=[running_job])).content.decode()
    partial = client.get(
        reverse("core:job-progress", args=[running_job]), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'http-equiv="refresh"' not in page
    assert "hx-trigger" not in partial
    assert "Succeeded" in partial


def test_progress_of_someone_elses_job_is_not_found(client: Client, running_job: int) -> None:
    track_progress(running_job, "Private export", owner=UserFactory(), total=3)
    client.force_login(UserFactory())

    response = client.get(reverse("core:job-progress", args=[running_job]))

    assert response.status_code == 404


def test_administrator_may_watch_any_jobs_progress(client: Client, running_job: int) -> None:
    track_progress(running_job, "Export", owner=UserFactory(), total=3)
    client.force_login(UserFactory(admin=True))

    response = client.get(reverse("core:job-progress", args=[running_job]))

    assert response.status_code == 200


def test_progress_without_a_known_total_is_shown_as_a_count(
    client: Client, running_job: int
) -> None:
    owner = UserFactory()
    track_progress(running_job, "Harvest", owner=owner)
    report_progress(running_job, 42)
    client.force_login(owner)

    body = client.get(reverse("core:job-progress", args=[running_job])).content.decode()

    assert "42 done so far" in body


def test_progress_refuses_negative_numbers_and_a_missing_job(db: None) -> None:
    with pytest.raises(ValueError, match="negative"):
        report_progress(1, -1)
    with pytest.raises(ValueError, match="job id"):
        report_progress(None, 1)

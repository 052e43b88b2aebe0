"""Administrators see failed jobs, why they failed, and can queue them again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from chancery.core.actions.jobs import JobNotRetryable, retry_job
from chancery.core.models import AuditEntry
from chancery.core.tests import job_tasks
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.jobs_helpers import job_row, run_worker, status_of, unique_queue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def client() -> Client:
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def failed_job() -> tuple[str, int]:
    queue = unique_queue()
    job_id = job_tasks.always_fails.configure(queue=queue).defer(reason="mailbox unreachable")
    run_worker(queue)
    return queue, job_id


def test_administrator_sees_failed_job_with_its_arguments_and_last_error(
    client: Client, failed_job: tuple[str, int]
) -> None:
    queue, job_id = failed_job
    client.force_login(UserFactory(admin=True))

    response = client.get(reverse("core:jobs"), {"queue": queue})

    body = response.content.decode()
    assert response.status_code == 200
    assert "testjobs.always_fails" in body
    assert "DeliberateFailure: mailbox unreachable" in body
    assert "&quot;reason&quot;: &quot;mailbox unreachable&quot;" in body
    assert reverse("core:job-retry", args=[job_id]) in body


def test_failed_jobs_filter_by_task_and_queue(client: Client, failed_job: tuple[str, int]) -> None:
    queue, _job_id = failed_job
    client.force_login(UserFactory(admin=True))

    other_task = client.get(reverse("core:jobs"), {"queue": queue, "task": "testjobs.touch"})
    other_queue = client.get(reverse("core:jobs"), {"queue": unique_queue()})

    assert "mailbox unreachable" not in other_task.content.decode()
    assert "mailbox unreachable" not in other_queue.content.decode()


def test_page_counts_jobs_by_status_in_a_chart_and_a_table(
    client: Client, failed_job: tuple[str, int]
) -> None:
    client.force_login(UserFactory(admin=True))

    response = client.get(reverse("core:jobs"))

    counts = {row.status: row.count for row in response.context["counts"]}
    assert counts["failed"] >= 1
    body = response.content.decode()
    assert '<svg role="img"' in body
    assert '<th scope="row">Failed</th>' in body


def test_retry_queues_the_job_again_and_is_audited(
    client: Client, failed_job: tuple[str, int]
) -> None:
    queue, job_id = failed_job
    admin = UserFactory(admin=True)
    client.force_login(admin)

    response = client.post(reverse("core:job-retry", args=[job_id]), {"queue": queue})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:jobs')}?queue={queue}"
    row = job_row(job_id)
    assert row is not None
    assert (row["status"], row["attempts"]) == ("todo", 2)
    entry = AuditEntry.objects.get(action="job.retry", object_id=str(job_id))
    assert entry.actor == admin
    assert entry.object_label == "testjobs.always_fails"


def test_staff_without_the_admin_role_can_neither_see_nor_retry(
    client: Client, failed_job: tuple[str, int]
) -> None:
    _queue, job_id = failed_job
    client.force_login(UserFactory())

    listing = client.get(reverse("core:jobs"))
    retry = client.post(reverse("core:job-retry", args=[job_id]))

    assert (listing.status_code, retry.status_code) == (403, 403)
    assert status_of(job_id) == "failed"
    assert not AuditEntry.objects.filter(action="job.retry").exists()


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(reverse("core:jobs"))

    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_retry_of_a_job_that_has_not_failed_is_refused(client: Client) -> None:
    queue = unique_queue()
    job_id = job_tasks.touch.configure(queue=queue).defer(path="/dev/null")
    run_worker(queue)
    client.force_login(UserFactory(admin=True))

    response = client.post(reverse("core:job-retry", args=[job_id]), follow=True)

    assert "Only a failed job can be retried." in response.content.decode()
    assert status_of(job_id) == "succeeded"


def test_retry_action_refuses_non_administrators_and_unknown_jobs(
    failed_job: tuple[str, int],
) -> None:
    _queue, job_id = failed_job
    with pytest.raises(PermissionDenied):
        retry_job(UserFactory(), job_id)
    with pytest.raises(JobNotRetryable):
        retry_job(UserFactory(admin=True), job_id + 10_000)


def test_failed_jobs_page_query_count_does_not_grow_with_the_rows(
    client: Client, django_assert_max_num_queries: pytest.FixtureRequest
) -> None:
    queue = unique_queue()
    for n in range(5):
        job_tasks.always_fails.configure(queue=queue).defer(reason=f"failure {n}")
    run_worker(queue)
    client.force_login(UserFactory(admin=True))

    # The page's own queries are four; the rest is the staff shell (session, user, menus).
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        response = client.get(reverse("core:jobs"), {"queue": queue})

    assert response.content.decode().count("DeliberateFailure: failure") == 5

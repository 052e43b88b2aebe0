"""What the dissemination tests share: both networks' fakes wired into the settings, a queue
of the test's own, the outbox's steps and jobs as the tests look at them, and an editor."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from wagtail.models import GroupPagePermission, Page

from chancery.core.constants import Role
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.jobs_helpers import make_due, run_worker, unique_queue
from chancery.portal.fakes.facebook import FakeFacebook
from chancery.portal.fakes.x import FakeX
from chancery.portal.models import OutboxStep


class Networks:
    def __init__(self, facebook: FakeFacebook, x: FakeX, queue: str) -> None:
        self.facebook = facebook
        self.x = x
        self.queue = queue

    def run_jobs(self) -> None:
        run_worker(self.queue)


@pytest.fixture(name="networks")
def networks_fixture(settings: Any, site: Any) -> Iterator[Networks]:
    with FakeFacebook(page_id="1001", token="fb-token") as facebook, FakeX(token="x-token") as x:
        settings.CHANCERY_PORTAL_FACEBOOK_GRAPH_URL = facebook.graph_url
        settings.CHANCERY_PORTAL_FACEBOOK_PAGE_ID = "1001"
        settings.CHANCERY_PORTAL_FACEBOOK_TOKEN = "fb-token"
        settings.CHANCERY_PORTAL_X_API_URL = x.api_url
        settings.CHANCERY_PORTAL_X_TOKEN = "x-token"
        settings.CHANCERY_PORTAL_OUTBOX_QUEUE = unique_queue()
        settings.CHANCERY_PORTAL_OUTBOX_MAX_ATTEMPTS = 3
        settings.CHANCERY_PORTAL_OUTBOX_BACKOFF_SECONDS = 60
        yield Networks(facebook, x, settings.CHANCERY_PORTAL_OUTBOX_QUEUE)


def steps_of(page: Any) -> dict[str, OutboxStep]:
    """The steps of the page's live revision, by kind."""
    page.refresh_from_db()
    return {
        step.kind: step
        for step in OutboxStep.objects.filter(revision_id=page.live_revision_id).order_by(
            "position"
        )
    }


def jobs(task: str, queue: str) -> list[tuple[int, Any, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, args, scheduled_at FROM procrastinate_jobs "
            "WHERE task_name = %s AND queue_name = %s AND status = 'todo' ORDER BY id",
            [task, queue],
        )
        return list(cursor.fetchall())


def due_retries(queue: str) -> None:
    """Bring the waiting retries to now: the backoff has been checked, not waited for."""
    from django.utils import timezone

    from chancery.portal.constants import OutboxStatus

    OutboxStep.objects.filter(status=OutboxStatus.RETRYING).update(next_attempt_at=timezone.now())
    for job_id, _args, _at in jobs("portal.retry_outbox_step", queue):
        make_due(job_id)


def page_editor(*permissions: str) -> Any:
    """A member of staff with the editor role and these Wagtail page permissions on every
    page (``change_page``, ``publish_page``)."""
    group = Group.objects.create(name=f"Portal editors {'-'.join(permissions)}")
    root = Page.get_first_root_node()
    for codename in permissions:
        GroupPagePermission.objects.create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user = UserFactory(roles=[Role.EDITOR.value])
    user.groups.add(group)
    return user


@pytest.fixture(name="editor")
def editor_fixture(site: Any) -> Any:
    """An editor who may edit and publish every page."""
    return page_editor("add_page", "change_page", "publish_page")

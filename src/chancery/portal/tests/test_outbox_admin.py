"""The editor's Dissemination view in the CMS: what happened to each published version, and
"Retry now" for a post that failed, for the page's editors only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chancery.portal.constants import OutboxKind, OutboxStatus
from chancery.portal.tests.factories import news
from chancery.portal.tests.outbox_fixtures import (  # noqa: F401  (fixtures)
    Networks,
    editor_fixture,
    networks_fixture,
    page_editor,
    steps_of,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_sees_each_step_and_retries_a_failed_post(
    networks: Networks, editor: Any
) -> None:
    # Given a news item whose Facebook post was refused
    networks.facebook.fail_next(1, status=400)
    page = news("vi")
    networks.run_jobs()
    step = steps_of(page)[OutboxKind.FACEBOOK]
    assert step.status == OutboxStatus.FAILED
    client = _client(editor)

    # When the editor opens the page's Dissemination view
    response = client.get(f"/cms/portal/pages/{page.pk}/dissemination/")

    # Then every step is listed with its status, and the failed one can be retried
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Cache purge", "Feeds and sitemap", "E-mail alerts", "Facebook page post"):
        assert label in html
    assert "Facebook 400 code 100" in html
    # And the page's menu in the CMS leads there
    header = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    assert f"/cms/portal/pages/{page.pk}/dissemination/" in header

    # When the editor retries it (the network has recovered) and the job runs
    answer = client.post(f"/cms/portal/pages/{page.pk}/dissemination/{step.pk}/retry/")
    assert answer.status_code == 302
    networks.run_jobs()

    # Then the post went out and the view says so, with the post's id
    step.refresh_from_db()
    [post] = networks.facebook.posts
    assert (step.status, step.external_id) == (OutboxStatus.DONE, post.id)
    html = client.get(f"/cms/portal/pages/{page.pk}/dissemination/").content.decode()
    assert post.id in html
    assert "Retry now" not in html


def test_only_the_pages_editors_see_it_and_only_publishers_retry(
    networks: Networks, site: Any
) -> None:
    networks.facebook.fail_next(1, status=400)
    page = news("vi")
    networks.run_jobs()
    step = steps_of(page)[OutboxKind.FACEBOOK]
    retry_url = f"/cms/portal/pages/{page.pk}/dissemination/{step.pk}/retry/"

    # An editor without rights on the page: as if it did not exist
    outsider = _client(page_editor())
    assert outsider.get(f"/cms/portal/pages/{page.pk}/dissemination/").status_code == 404
    assert outsider.post(retry_url).status_code == 404
    # An editor who may edit but not publish: sees it, without the button, and may not retry
    writer = _client(page_editor("change_page"))
    html = writer.get(f"/cms/portal/pages/{page.pk}/dissemination/").content.decode()
    assert "Facebook 400" in html
    assert "Retry now" not in html
    refused = writer.post(retry_url)
    # (Wagtail refuses inside the CMS by sending back to its dashboard with a message)
    assert (refused.status_code, refused["Location"]) == (302, "/cms/")
    # And the step is as it was
    step.refresh_from_db()
    assert step.status == OutboxStatus.FAILED
    assert not networks.facebook.posts

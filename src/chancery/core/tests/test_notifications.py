"""Notifying staff: what is stored, what is refused, and who may read or mark what."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from chancery.core.actions.notifications import (
    ClassifiedPayloadRefused,
    ExternalLinkRefused,
    mark_all_read,
    mark_read,
    notify,
)
from chancery.core.constants import Clearance
from chancery.core.models import Notification, User
from chancery.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _email_jobs() -> list[ProcrastinateJob]:
    return list(ProcrastinateJob.objects.filter(task_name="core.send_notification_email"))


def _notify_then_fail(recipient: User, title: str) -> None:
    with transaction.atomic():
        notify(recipient, "test.info", title)
        raise RuntimeError


def test_notify_stores_the_notification_and_defers_its_email() -> None:
    recipient = UserFactory()

    notification = notify(recipient, "test.assigned", "A dossier was assigned to you", url="/x/")

    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.recipient, stored.title, stored.url) == (recipient, notification.title, "/x/")
    assert stored.read_at is None
    assert [job.args for job in _email_jobs()] == [{"notification_id": notification.pk}]


def test_notify_without_email_defers_nothing() -> None:
    notify(UserFactory(), "test.info", "Heads up", email=False)

    assert _email_jobs() == []


def test_a_recipient_without_an_address_gets_no_email_job() -> None:
    notify(UserFactory(email=""), "test.info", "Heads up")

    assert _email_jobs() == []


def test_a_rolled_back_notification_leaves_neither_row_nor_job() -> None:
    recipient = UserFactory()

    with pytest.raises(RuntimeError):
        _notify_then_fail(recipient, "Never seen")

    assert not Notification.objects.exists()
    assert _email_jobs() == []


def test_a_payload_declared_classified_is_refused() -> None:
    with pytest.raises(ClassifiedPayloadRefused):
        notify(UserFactory(), "test.cable", "Cable received", classification=Clearance.SECRET)

    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "text", ["TỐI MẬT: điện số 12", "Extract: SECRET//NOFORN", "Note CONFIDENTIEL", "MẬT"]
)
def test_text_with_a_classification_marking_is_refused(text: str) -> None:
    with pytest.raises(ClassifiedPayloadRefused):
        notify(UserFactory(), "test.cable", "Cable received", body=text)


def test_ordinary_words_that_resemble_markings_are_accepted() -> None:
    notification = notify(UserFactory(), "test.account", "Mật khẩu đã được thay đổi", "Secretary")

    assert notification.pk is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_links_outside_chancery_are_refused(url: str) -> None:
    with pytest.raises(ExternalLinkRefused):
        notify(UserFactory(), "test.info", "Heads up", url=url)


def test_mark_read_marks_only_the_recipients_own_notification() -> None:
    owner, other = UserFactory(), UserFactory()
    notification = notify(owner, "test.info", "Yours", email=False)

    with pytest.raises(Http404):
        mark_read(other, notification.pk)
    notification.refresh_from_db()
    assert notification.read_at is None

    mark_read(owner, notification.pk)
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_read_leaves_other_peoples_notifications_alone() -> None:
    owner, other = UserFactory(), UserFactory()
    for title in ("One", "Two"):
        notify(owner, "test.info", title, email=False)
    theirs = notify(other, "test.info", "Theirs", email=False)

    assert mark_all_read(owner) == 2

    assert not Notification.objects.filter(recipient=owner).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_centre_lists_only_my_notifications_and_filters_unread(client: Client) -> None:
    me, other = UserFactory(), UserFactory()
    read = notify(me, "test.info", "Already read", email=False)
    mark_read(me, read.pk)
    notify(me, "test.info", "Still unread", email=False)
    notify(other, "test.info", "Somebody else's", email=False)
    client.force_login(me)

    everything = client.get(reverse("core:notifications")).content.decode()
    unread = client.get(reverse("core:notifications") + "?unread=1").content.decode()

    assert "Already read" in everything
    assert "Still unread" in everything
    assert "Somebody else" not in everything
    assert "Still unread" in unread
    assert "Already read" not in unread


def test_marking_read_without_javascript_returns_to_the_list(client: Client) -> None:
    me = UserFactory()
    notification = notify(me, "test.info", "Read me", email=False)
    client.force_login(me)

    response = client.post(
        reverse("core:notification-read", args=[notification.pk]),
        {"next": reverse("core:notifications") + "?unread=1"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:notifications") + "?unread=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_read_never_redirects_off_site(client: Client) -> None:
    me = UserFactory()
    notification = notify(me, "test.info", "Read me", email=False)
    client.force_login(me)

    response = client.post(
        reverse("core:notification-read", args=[notification.pk]),
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("core:notifications")


def test_marking_read_with_htmx_swaps_the_row_and_the_header_count(client: Client) -> None:
    me = UserFactory()
    notification = notify(me, "test.info", "Read me", email=False)
    notify(me, "test.info", "Another", email=False)
    client.force_login(me)

    response = client.post(
        reverse("core:notification-read", args=[notification.pk]), headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notification.pk}"' in html
    assert 'id="notification-indicator"' in html
    assert 'hx-swap-oob="true"' in html
    assert '<span class="usa-tag chancery-count" aria-hidden="true">1</span>' in html


def test_marking_someone_elses_notification_is_not_found(client: Client) -> None:
    notification = notify(UserFactory(), "test.info", "Not yours", email=False)
    client.force_login(UserFactory())

    response = client.post(reverse("core:notification-read", args=[notification.pk]))

    assert response.status_code == 404


def test_marking_read_refuses_get(client: Client) -> None:
    me = UserFactory()
    notification = notify(me, "test.info", "Read me", email=False)
    client.force_login(me)

    response = client.get(reverse("core:notification-read", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_from_the_centre(client: Client) -> None:
    me = UserFactory()
    notify(me, "test.info", "One", email=False)
    notify(me, "test.info", "Two", email=False)
    client.force_login(me)

    response = client.post(reverse("core:notifications-read-all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=me).unread().exists()


def test_the_header_shows_my_unread_count(client: Client) -> None:
    me = UserFactory()
    for title in ("One", "Two", "Three"):
        notify(me, "test.info", title, email=False)
    client.force_login(me)

    html = client.get(reverse("core:home")).content.decode()

    assert '<span class="usa-tag chancery-count" aria-hidden="true">3</span>' in html


def test_the_centre_makes_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    me = UserFactory()
    for number in range(30):
        notify(me, "test.info", f"Notification {number}", email=False)
    client.force_login(me)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:notifications"))

    assert response.content.decode().count('class="chancery-notification--unread"') == 25


def test_the_unread_filter_survives_paging(client: Client) -> None:
    me = UserFactory()
    for number in range(30):
        notify(me, "test.info", f"Notification {number}", email=False)
    client.force_login(me)

    html = client.get(reverse("core:notifications") + "?unread=1").content.decode()

    assert 'href="?page=2&amp;unread=1"' in html

"""After publishing, the portal disseminates each published version once, in order: cache,
feeds, e-mail alerts, Facebook, X. A network that fails is tried again later without holding
back the other steps, and what happened is there for the editor to see.

Real jobs (a Procrastinate worker in this process, on a queue of the test's own), real HTTP
to the local fakes of Facebook and X."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from chancery.portal import outbox, publishing
from chancery.portal.constants import OutboxKind, OutboxStatus
from chancery.portal.models import OutboxStep
from chancery.portal.tests.factories import advisory, news, publish, schedule
from chancery.portal.tests.outbox_fixtures import (  # noqa: F401  (fixtures)
    Networks,
    due_retries,
    editor_fixture,
    jobs,
    networks_fixture,
    steps_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = [
    OutboxKind.CACHE_PURGE,
    OutboxKind.FEEDS,
    OutboxKind.EMAIL_ALERTS,
    OutboxKind.FACEBOOK,
    OutboxKind.X,
]


# -- Creating the steps ----------------------------------------------------------------------


def test_publishing_records_the_steps_in_order_with_what_is_not_needed(
    networks: Networks,
) -> None:
    # When an editor publishes a Vietnamese news item
    page = news("vi")

    # Then its version has the five steps in the fixed order: Facebook gets the Vietnamese
    # version, X the English one, and a news item sends no e-mail alerts
    steps = steps_of(page)
    assert list(steps) == ORDER
    assert steps[OutboxKind.FACEBOOK].status == OutboxStatus.PENDING
    assert steps[OutboxKind.X].status == OutboxStatus.SKIPPED
    assert steps[OutboxKind.X].outcome == "other_language"
    assert steps[OutboxKind.EMAIL_ALERTS].status == OutboxStatus.SKIPPED
    # And one job waits to run them
    assert len(jobs("portal.run_outbox", networks.queue)) == 1


def test_a_version_is_posted_once_however_often_it_is_announced_or_run(
    networks: Networks,
) -> None:
    # Given a published Vietnamese news item
    page = news("vi")
    revision = page.live_revision
    # When the same revision is announced again (a second signal, a re-run of the publication)
    with transaction.atomic():
        publishing.after_publish(page, revision)
    # Then it still has one set of steps and one waiting job
    assert OutboxStep.objects.filter(revision=revision).count() == len(ORDER)
    assert len(jobs("portal.run_outbox", networks.queue)) == 1

    # When the job runs, and runs again
    networks.run_jobs()
    outbox.run(revision.pk)
    with transaction.atomic():
        outbox.defer_run(revision.pk)
    networks.run_jobs()

    # Then the page was posted to Facebook once, with its link
    [post] = networks.facebook.posts
    assert post.link == page.get_full_url()
    assert post.message.startswith(page.title)
    steps = steps_of(page)
    assert steps[OutboxKind.FACEBOOK].status == OutboxStatus.DONE
    assert steps[OutboxKind.FACEBOOK].external_id == post.id
    assert steps[OutboxKind.CACHE_PURGE].status == OutboxStatus.DONE
    assert steps[OutboxKind.FEEDS].status == OutboxStatus.DONE
    assert steps[OutboxKind.FEEDS].outcome == "listed"


def test_a_correction_to_a_news_item_is_not_posted_again(networks: Networks) -> None:
    page = news("vi")
    networks.run_jobs()

    page.summary = "Tóm tắt đã sửa."
    publish(page)
    networks.run_jobs()

    assert len(networks.facebook.posts) == 1
    assert steps_of(page)[OutboxKind.FACEBOOK].outcome == "posted_before"


def test_an_english_news_item_goes_to_x_with_its_title_and_link(networks: Networks) -> None:
    page = news("en", title="Viet Nam and Japan sign an agreement")
    networks.run_jobs()

    [post] = networks.x.posts
    assert post.text == f"Viet Nam and Japan sign an agreement {page.get_full_url()}"
    assert steps_of(page)[OutboxKind.X].external_id == post.id
    assert not networks.facebook.posts


def test_a_network_that_is_not_configured_is_skipped(networks: Networks, settings: Any) -> None:
    settings.CHANCERY_PORTAL_FACEBOOK_TOKEN = ""

    page = news("vi")
    networks.run_jobs()

    step = steps_of(page)[OutboxKind.FACEBOOK]
    assert (step.status, step.outcome) == (OutboxStatus.SKIPPED, "not_configured")
    assert not networks.facebook.posts


def test_a_major_advisory_update_alerts_subscribers_and_is_posted(networks: Networks) -> None:
    page = advisory("TH", update_kind="major", change_note="Mức cảnh báo được nâng lên.")
    networks.run_jobs()

    steps = steps_of(page)
    assert steps[OutboxKind.EMAIL_ALERTS].status == OutboxStatus.DONE
    assert steps[OutboxKind.EMAIL_ALERTS].outcome.startswith("alerts_sent:")
    [post] = networks.facebook.posts
    assert "Mức cảnh báo được nâng lên." in post.message


def test_a_minor_advisory_update_is_neither_alerted_nor_posted(networks: Networks) -> None:
    page = advisory("KR")  # minor by default
    networks.run_jobs()

    steps = steps_of(page)
    assert steps[OutboxKind.EMAIL_ALERTS].status == OutboxStatus.SKIPPED
    assert steps[OutboxKind.FACEBOOK].status == OutboxStatus.SKIPPED
    assert not networks.facebook.posts


def test_a_page_scheduled_for_later_is_disseminated_when_it_goes_live(
    networks: Networks,
) -> None:
    # Given a news item scheduled for tomorrow
    go_live = timezone.now() + dt.timedelta(days=1)
    page = news("vi", publish_now=False)
    schedule(page, go_live)
    # Then nothing is disseminated yet
    assert not OutboxStep.objects.filter(page=page).exists()

    # When it goes live (what Wagtail's scheduled publishing does)
    with time_machine.travel(go_live + dt.timedelta(minutes=1), tick=False):
        page.refresh_from_db()
        revision = page.revisions.get(approved_go_live_at__isnull=False)
        revision.publish()
    networks.run_jobs()

    # Then it is posted
    assert len(networks.facebook.posts) == 1


# -- Failures and retries --------------------------------------------------------------------


def test_a_failed_facebook_post_is_retried_and_shown_failed_without_blocking_x(
    networks: Networks, settings: Any, client: Any, editor: Any
) -> None:
    # Given both networks receive the Vietnamese version, and Facebook is down
    settings.CHANCERY_PORTAL_X_LANGUAGE = "vi"
    networks.facebook.fail_next(10, status=500)

    # When an editor publishes a news item and its dissemination runs
    before = timezone.now()
    page = news("vi")
    networks.run_jobs()

    # Then the X post and the other steps went out all the same
    steps = steps_of(page)
    assert len(networks.x.posts) == 1
    assert steps[OutboxKind.X].status == OutboxStatus.DONE
    assert steps[OutboxKind.CACHE_PURGE].status == OutboxStatus.DONE
    assert steps[OutboxKind.FEEDS].status == OutboxStatus.DONE
    # And Facebook waits for a retry a minute later, with the error, at a scheduled job
    facebook = steps[OutboxKind.FACEBOOK]
    assert facebook.status == OutboxStatus.RETRYING
    assert facebook.attempts == 1
    assert facebook.last_error.startswith("Facebook 500")
    assert "fb-token" not in facebook.last_error
    assert facebook.next_attempt_at is not None
    assert facebook.next_attempt_at >= before + dt.timedelta(seconds=60)
    [(_job, args, scheduled_at)] = jobs("portal.retry_outbox_step", networks.queue)
    assert json.loads(args) == {"step_id": facebook.pk}
    assert abs((scheduled_at - facebook.next_attempt_at).total_seconds()) < 1

    # When the retries come and Facebook is still down
    for _ in range(2):
        due_retries(networks.queue)
        networks.run_jobs()

    # Then the step is given up after three tries, and nothing was posted twice to X
    facebook.refresh_from_db()
    assert (facebook.status, facebook.attempts) == (OutboxStatus.FAILED, 3)
    assert not jobs("portal.retry_outbox_step", networks.queue)
    assert len(networks.x.posts) == 1

    # And the editor sees it failed, with the error and a way to try again
    client.force_login(editor)
    html = client.get(f"/cms/portal/pages/{page.pk}/dissemination/").content.decode()
    assert 'data-status="failed"' in html
    assert "Facebook 500" in html
    assert f"/dissemination/{facebook.pk}/retry/" in html
    assert 'data-status="done"' in html  # the X post


def test_a_rate_limited_post_waits_at_least_until_the_network_allows(
    networks: Networks,
) -> None:
    networks.x.fail_next(1, status=429)

    page = news("en")
    networks.run_jobs()

    step = steps_of(page)[OutboxKind.X]
    assert step.status == OutboxStatus.RETRYING
    assert step.next_attempt_at is not None
    assert step.next_attempt_at > timezone.now() + dt.timedelta(minutes=10)


def test_a_refused_post_fails_at_once(networks: Networks) -> None:
    networks.facebook.fail_next(1, status=400)  # Graph's code 100: an invalid parameter

    page = news("vi")
    networks.run_jobs()

    step = steps_of(page)[OutboxKind.FACEBOOK]
    assert (step.status, step.attempts) == (OutboxStatus.FAILED, 1)
    assert step.last_error.startswith("Facebook 400 code 100")
    assert not jobs("portal.retry_outbox_step", networks.queue)


@pytest.mark.parametrize("network", ["facebook", "x"])
def test_a_post_whose_answer_was_lost_is_not_posted_twice(networks: Networks, network: str) -> None:
    # Given the network accepts the post but its answer is lost (as after a crash)
    fake = getattr(networks, network)
    fake.lose_next_answer(1)
    page = news("vi" if network == "facebook" else "en")
    networks.run_jobs()
    kind = OutboxKind.FACEBOOK if network == "facebook" else OutboxKind.X
    assert steps_of(page)[kind].status == OutboxStatus.RETRYING

    # When the retry comes
    due_retries(networks.queue)
    networks.run_jobs()

    # Then it finds the post the first try made instead of posting again
    [post] = fake.posts
    step = steps_of(page)[kind]
    assert (step.status, step.external_id, step.outcome) == (
        OutboxStatus.DONE,
        post.id,
        "found_posted",
    )


def test_a_failing_alert_step_does_not_hold_back_the_post(
    networks: Networks, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chancery.portal import advisories

    def broken(update_id: int) -> int:
        raise ConnectionRefusedError("SMTP server down")

    monkeypatch.setattr(advisories, "send_alerts", broken)

    page = advisory("LA", update_kind="major")
    networks.run_jobs()

    steps = steps_of(page)
    assert steps[OutboxKind.EMAIL_ALERTS].status == OutboxStatus.RETRYING
    assert steps[OutboxKind.EMAIL_ALERTS].last_error == "internal error: ConnectionRefusedError"
    assert steps[OutboxKind.FACEBOOK].status == OutboxStatus.DONE

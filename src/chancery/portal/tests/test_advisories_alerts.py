"""Travel-advisory alerts: a major update e-mails each active subscriber of the country (or of
every advisory) once, in their language; a minor update sends none."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from chancery.portal import advisories
from chancery.portal import models as m
from chancery.portal.advisory_tasks import send_advisory_alerts
from chancery.portal.constants import SubscriptionTopic, UpdateKind
from chancery.portal.localize import translate
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def subscriber(
    email: str,
    topic: str = SubscriptionTopic.ADVISORY,
    country: str = "JP",
    language: str = "vi",
    *,
    confirmed: bool = True,
    unsubscribed: bool = False,
) -> m.Subscription:
    now = timezone.now()
    return m.Subscription.objects.create(
        email=email,
        topic=topic,
        country_code=country if topic == SubscriptionTopic.ADVISORY else "",
        language=language,
        token=secrets.token_urlsafe(32),
        confirmed_at=now if confirmed else None,
        unsubscribed_at=now if unsubscribed else None,
    )


def update_of(page: m.AdvisoryPage) -> m.AdvisoryUpdate:
    return m.AdvisoryUpdate.objects.filter(page=page).latest("published_at", "pk")


def publish_change(page: m.AdvisoryPage, kind: str, note: str, **fields: Any) -> m.AdvisoryUpdate:
    page.update_kind = kind
    page.change_note = note
    for name, value in fields.items():
        setattr(page, name, value)
    factories.publish(page)
    return update_of(page)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_major_update_sends_alerts_once_to_each_subscriber_and_a_minor_one_none(
    site: Any,
) -> None:
    # Given Japan's advisory and subscribers of every kind
    page = factories.advisory("JP")
    subscriber("japan@example.org")
    subscriber("every@example.org", SubscriptionTopic.ALL_ADVISORIES)
    subscriber("unconfirmed@example.org", confirmed=False)
    subscriber("gone@example.org", unsubscribed=True)
    subscriber("france@example.org", country="FR")
    subscriber("news@example.org", SubscriptionTopic.NEWSLETTER)
    mail.outbox.clear()

    # When a minor update is published (and its alerts asked for)
    minor = publish_change(page, UpdateKind.MINOR, "Sửa lỗi chính tả.")
    advisories.send_alerts(minor.pk)
    # Then nobody is e-mailed
    assert mail.outbox == []

    # When a major update is published, and its alerts are asked for twice
    major = publish_change(page, UpdateKind.MAJOR, "Nâng mức cảnh báo.", level="warning")
    advisories.send_alerts(major.pk)
    advisories.send_alerts(major.pk)
    # Then the country's and the all-advisories subscribers get one alert each, nobody else
    assert recipients() == ["every@example.org", "japan@example.org"]
    assert m.AdvisoryAlert.objects.filter(update=major).count() == 2


def test_running_the_alerts_again_after_a_retry_sends_nothing_more(site: Any) -> None:
    page = factories.advisory("JP")
    subscriber("japan@example.org")
    major = publish_change(page, UpdateKind.MAJOR, "Nâng mức cảnh báo.")
    advisories.send_alerts(major.pk)
    # A job retried by an administrator (the update not yet marked as done)
    m.AdvisoryUpdate.objects.filter(pk=major.pk).update(alerts_sent_at=None)
    mail.outbox.clear()
    assert send_advisory_alerts(update_id=major.pk) == 0
    assert mail.outbox == []


def test_the_alert_is_in_the_subscribers_language_with_a_one_click_unsubscribe(
    site: Any,
) -> None:
    # Given an English-speaking subscriber; Japan's advice exists in Vietnamese only
    page = factories.advisory("JP", title="Nhật Bản")
    reader = subscriber("reader@example.org", language="en")
    mail.outbox.clear()
    # When a major update goes out
    major = publish_change(page, UpdateKind.MAJOR, "Nâng mức cảnh báo.", level="warning")
    advisories.send_alerts(major.pk)
    # Then they get the Vietnamese edition's alert, worded in English
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Nhật Bản: travel advice updated (Warning)"
    assert "Nâng mức cảnh báo." in message.body
    assert "Ministry tier 2 of 3: warning" in message.body
    site_url = str(settings.CHANCERY_SITE_URL).rstrip("/")
    assert f"{site_url}{page.get_url_parts()[2]}" in message.body
    # And one click (or the mail client's POST, RFC 8058) ends the subscription
    unsubscribe = f"/en/subscriptions/{reader.token}/unsubscribe/"
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(unsubscribe + ">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]  # type: ignore[attr-defined]
    assert mimetype == "text/html"
    assert f'href="{message.extra_headers["List-Unsubscribe"][1:-1]}"' in html


def test_each_language_is_alerted_once_per_change_through_its_own_edition(site: Any) -> None:
    # Given Japan's advice in Vietnamese and in English, a subscriber in each language, and a
    # French one (no French edition: the Vietnamese edition serves them)
    page = factories.advisory("JP", title="Nhật Bản")
    translate(page, "en", {"Nhật Bản": "Japan"})
    english = m.AdvisoryPage.objects.get(
        translation_key=page.translation_key, locale__language_code="en"
    )
    subscriber("vi@example.org")
    subscriber("en@example.org", language="en")
    subscriber("fr@example.org", SubscriptionTopic.ALL_ADVISORIES, language="fr")
    mail.outbox.clear()

    # When a major change is published in Vietnamese
    major = publish_change(page, UpdateKind.MAJOR, "Nâng mức cảnh báo.", level="warning")
    advisories.send_alerts(major.pk)
    # Then the Vietnamese and French subscribers are alerted, the English one waits for English
    assert recipients() == ["fr@example.org", "vi@example.org"]

    # When the English edition is brought up to date and published, twice
    mail.outbox.clear()
    translate(page, "en", {"Nâng mức cảnh báo.": "Level raised."})
    first = update_of(english)
    advisories.send_alerts(first.pk)
    translate(page, "en", {"Nâng mức cảnh báo.": "The level is raised."})
    second = update_of(english)
    assert second.pk != first.pk
    assert second.kind == UpdateKind.MAJOR
    advisories.send_alerts(second.pk)
    # Then the English subscriber got exactly one alert, in English, and nobody else anything
    assert recipients() == ["en@example.org"]
    assert "Level raised." in mail.outbox[0].body


def test_an_embargoed_update_sends_nothing_before_its_time(site: Any) -> None:
    subscriber("japan@example.org")
    page = factories.advisory("JP", publish_now=False, update_kind=UpdateKind.MAJOR)
    factories.schedule(page, timezone.now() + dt.timedelta(hours=2))
    mail.outbox.clear()
    assert advisories.send_alerts(update_of(page).pk) == 0
    assert mail.outbox == []


def test_alerts_go_out_in_batches_with_progress(site: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(advisories, "BATCH_SIZE", 2)
    page = factories.advisory("JP")
    for n in range(5):
        subscriber(f"s{n}@example.org")
    mail.outbox.clear()
    major = publish_change(page, UpdateKind.MAJOR, "Nâng mức cảnh báo.")
    seen: list[tuple[int, int]] = []
    sent = advisories.send_alerts(major.pk, progress=lambda done, total: seen.append((done, total)))
    assert sent == len(mail.outbox) == 5
    assert seen == [(2, 5), (4, 5), (5, 5)]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_alert_once(site: Any) -> None:
    # Given a major update whose alerts have not gone out yet (the outbox's job is only queued)
    page = factories.advisory("JP")
    for n in range(6):
        subscriber(f"s{n}@example.org")
    update = publish_change(page, UpdateKind.MAJOR, "Nâng mức cảnh báo.")
    mail.outbox.clear()
    # When two workers run its alerts at the same time
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(advisories.send_alerts(update.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then each subscriber got one alert
    assert sum(results) == 6
    assert len(recipients()) == len(set(recipients())) == 6

"""The daily newsletter: yesterday's news, to confirmed subscribers in their language, with
the one-click unsubscribe headers; never twice on one day, nothing when there is no news."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from procrastinate.contrib.django import app

from chancery.portal import subscriptions
from chancery.portal.newsletter import send_digest
from chancery.portal.tests import factories

pytestmark = pytest.mark.django_db


def _subscriber(email: str, language: str, confirm: bool = True) -> Any:
    made = subscriptions.subscribe(email=email, topic="newsletter", language=language)
    if confirm:
        subscriptions.confirm(made.subscription.token)
    return made.subscription


def test_confirmed_subscribers_get_the_news_of_their_language_once_a_day(site: Any) -> None:
    english = _subscriber("en@example.test", "en")
    _subscriber("vi@example.test", "vi")
    _subscriber("pending@example.test", "en", confirm=False)
    factories.news("en", title="Minister visits Paris")
    factories.news("vi", title="Bộ trưởng thăm Paris")

    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        sent = send_digest()
        again = send_digest()

    assert sent == 2
    assert again == 0
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"en@example.test", "vi@example.test"}
    assert "Minister visits Paris" in by_address["en@example.test"].body
    assert "Bộ trưởng thăm Paris" not in by_address["en@example.test"].body
    assert "Bộ trưởng thăm Paris" in by_address["vi@example.test"].body
    headers = by_address["en@example.test"].extra_headers
    assert headers["List-Unsubscribe"] == f"<{subscriptions.unsubscribe_url(english)}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_news_no_newsletter(site: Any) -> None:
    _subscriber("en@example.test", "en")

    assert send_digest() == 0
    assert mail.outbox == []


def test_the_next_digest_covers_only_what_was_published_since_the_last(site: Any) -> None:
    _subscriber("en@example.test", "en")
    factories.news("en", title="First story")
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        send_digest()
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        factories.news("en", title="Second story")
    mail.outbox.clear()

    with time_machine.travel(timezone.now() + timedelta(days=1, hours=3), tick=False):
        sent = send_digest()

    [message] = mail.outbox
    assert sent == 1
    assert "Second story" in message.body
    assert "First story" not in message.body


def test_an_unsubscribed_reader_gets_no_newsletter(site: Any) -> None:
    reader = _subscriber("en@example.test", "en")
    subscriptions.unsubscribe(reader.token)
    factories.news("en")

    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        assert send_digest() == 0


def test_the_newsletter_job_runs_daily() -> None:
    crons = {task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()}

    assert crons["portal.send_newsletter"] == "0 7 * * *"

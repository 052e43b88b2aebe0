"""Subscribing by e-mail: double opt-in (nothing before a button press), one-click
unsubscribe for people and mail clients (RFC 8058), and no leak of who is subscribed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from chancery.portal import subscriptions
from chancery.portal.constants import SubscriptionTopic
from chancery.portal.models import Subscription
from chancery.portal.tests import factories
from chancery.portal.tests.public_helpers import run_mail_jobs, stamp, subscribe_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _confirmation_link() -> str:
    [message] = mail.outbox
    [link] = [line for line in message.body.splitlines() if "/confirm/" in line]
    return link.strip().removeprefix("http://localhost:8000")


def test_subscribing_sends_only_a_confirmation_link_in_the_visitors_language(
    site: Any, client: Any
) -> None:
    answer = client.post("/fr/subscribe/", subscribe_data())
    run_mail_jobs()

    assert answer.status_code == 302
    assert answer["Location"] == "/fr/subscribe/sent/"
    subscription = Subscription.objects.get()
    assert not subscription.active
    assert subscription.language == "fr"
    [message] = mail.outbox
    assert message.to == ["reader@example.test"]
    assert message.extra_headers["Content-Language"] == "fr"
    assert f"/fr/subscriptions/{subscription.token}/confirm/" in message.body
    assert len(subscription.token) >= 40
    assert list(subscriptions.active_subscribers(SubscriptionTopic.NEWSLETTER)) == []


def test_opening_the_link_does_not_confirm_pressing_the_button_does(site: Any, client: Any) -> None:
    client.post("/en/subscribe/", subscribe_data())
    run_mail_jobs()
    link = _confirmation_link()

    shown = client.get(link)
    after_get = Subscription.objects.get()
    confirmed = client.post(link)

    assert shown.status_code == 200
    assert "Confirm my subscription" in shown.content.decode()
    assert not after_get.active
    assert confirmed.status_code == 200
    assert Subscription.objects.get().active
    assert list(subscriptions.active_subscribers(SubscriptionTopic.NEWSLETTER)) == [
        Subscription.objects.get()
    ]


def test_resubscribing_answers_the_same_and_resends_only_an_unconfirmed_link(
    site: Any, client: Any
) -> None:
    first = client.post("/en/subscribe/", subscribe_data())
    again = client.post("/en/subscribe/", subscribe_data())
    run_mail_jobs()
    pending_mails = len(mail.outbox)
    subscriptions.confirm(Subscription.objects.get().token)
    mail.outbox.clear()
    after_confirming = client.post("/en/subscribe/", subscribe_data())
    run_mail_jobs()

    assert first["Location"] == again["Location"] == after_confirming["Location"]
    page_then = client.get(first["Location"]).content
    assert page_then == client.get(after_confirming["Location"]).content
    assert pending_mails == 2  # unconfirmed: the link is sent again
    assert mail.outbox == []  # already active: nothing to send, and nothing said
    assert Subscription.objects.count() == 1


def test_an_advisory_subscription_needs_a_country_and_lists_advisory_countries(
    site: Any, client: Any
) -> None:
    factories.country("JP", "en", title="Japan")
    factories.advisory("JP", "en")

    form = client.get("/en/subscribe/?topic=advisory&country=jp").content.decode()
    refused = client.post("/en/subscribe/", subscribe_data(topic="advisory", country=""))
    accepted = client.post("/en/subscribe/", subscribe_data(topic="advisory", country="JP"))

    assert '<option value="JP" selected>Japan</option>' in form
    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert Subscription.objects.get().country_code == "JP"


def test_each_spam_defence_refuses_a_subscription_and_stores_nothing(
    site: Any, client: Any
) -> None:
    honeypot = client.post("/en/subscribe/", subscribe_data(website="x"))
    too_fast = client.post("/en/subscribe/", subscribe_data(stamp=stamp("subscribe", 1)))
    expired = client.post("/en/subscribe/", subscribe_data(stamp=stamp("subscribe", 8000)))
    run_mail_jobs()

    assert honeypot.status_code == 302  # pretends success
    assert too_fast.status_code == 400
    assert expired.status_code == 400
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_too_many_subscriptions_from_one_address_are_refused(site: Any, client: Any) -> None:
    for n in range(10):
        client.post("/en/subscribe/", subscribe_data(email=f"r{n}@example.test"))

    refused = client.post("/en/subscribe/", subscribe_data(email="r11@example.test"))

    assert refused.status_code == 429
    assert Subscription.objects.count() == 10


def _active(**fields: Any) -> Subscription:
    made = subscriptions.subscribe(
        email=fields.pop("email", "reader@example.test"),
        topic=fields.pop("topic", SubscriptionTopic.NEWSLETTER),
        language=fields.pop("language", "en"),
        **fields,
    )
    subscriptions.confirm(made.subscription.token)
    made.subscription.refresh_from_db()
    return made.subscription


def test_a_person_unsubscribes_with_a_button_not_by_opening_the_link(
    site: Any, client: Any
) -> None:
    subscription = _active()
    url = f"/en/subscriptions/{subscription.token}/unsubscribe/"

    shown = client.get(url)
    still = Subscription.objects.get().active
    done = client.post(url)

    assert shown.status_code == 200
    assert still
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert not Subscription.objects.get().active


def test_a_mail_clients_one_click_post_unsubscribes_without_a_csrf_token(site: Any) -> None:
    subscription = _active()
    client = Client(enforce_csrf_checks=True)

    answer = client.post(
        f"/en/subscriptions/{subscription.token}/unsubscribe/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert answer.status_code == 200
    assert not Subscription.objects.get().active
    assert list(subscriptions.active_subscribers(SubscriptionTopic.NEWSLETTER)) == []


def test_the_confirmation_needs_a_csrf_token(site: Any) -> None:
    made = subscriptions.subscribe(email="a@example.test", topic="newsletter", language="en")
    client = Client(enforce_csrf_checks=True)

    answer = client.post(f"/en/subscriptions/{made.subscription.token}/confirm/")

    assert answer.status_code == 403
    assert not Subscription.objects.get().active


def test_an_unknown_token_is_a_404_page_in_the_visitors_language(site: Any, client: Any) -> None:
    confirm = client.get("/vi/subscriptions/not-a-token/confirm/")
    unsubscribe = client.post("/fr/subscriptions/not-a-token/unsubscribe/")

    assert confirm.status_code == 404
    assert unsubscribe.status_code == 404
    assert 'lang="vi"' in confirm.content.decode()
    assert 'lang="fr"' in unsubscribe.content.decode()


def test_unsubscribe_headers_carry_the_absolute_one_click_address(site: Any, settings: Any) -> None:
    settings.CHANCERY_SITE_URL = "https://mofa.example"
    subscription = _active(language="vi")

    headers = subscriptions.unsubscribe_headers(subscription)

    assert headers == {
        "List-Unsubscribe": (
            f"<https://mofa.example/vi/subscriptions/{subscription.token}/unsubscribe/>"
        ),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_active_subscribers_filter_by_country_and_language(site: Any) -> None:
    japan = _active(topic="advisory", country_code="jp", email="a@example.test")
    _active(topic="advisory", country_code="FR", email="b@example.test")
    _active(topic="advisory", country_code="JP", email="c@example.test", language="vi")
    everything = _active(topic="all_advisories", email="d@example.test")

    assert set(subscriptions.active_subscribers("advisory", "JP", "en")) == {japan}
    assert len(subscriptions.active_subscribers("advisory", "jp")) == 2
    assert list(subscriptions.active_subscribers("all_advisories")) == [everything]


def test_an_ended_subscription_must_be_confirmed_again(site: Any) -> None:
    subscription = _active()
    subscriptions.unsubscribe(subscription.token)

    old_link = subscriptions.confirm(subscription.token)
    again = subscriptions.subscribe(email="reader@example.test", topic="newsletter", language="en")

    assert old_link is not None
    assert not old_link.active
    assert again.mailed
    assert not again.subscription.active

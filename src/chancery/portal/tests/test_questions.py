"""Asking the ministry: a question reaches the unit of its topic, is acknowledged by e-mail in
the sender's language, and every spam defence refuses without storing anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from chancery.core.models import Notification
from chancery.portal.constants import QuestionStatus
from chancery.portal.models import PublicQuestion, QuestionTopic
from chancery.portal.questions import ensure_topics
from chancery.portal.tests.public_helpers import (
    ask_data,
    consular_units,
    run_mail_jobs,
    staff,
    stamp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def units(site: Any) -> dict[str, Any]:
    return consular_units()


def test_the_form_is_in_the_visitors_language_with_a_hidden_honeypot(
    units: dict[str, Any], client: Any
) -> None:
    page = client.get("/fr/ask/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'lang="fr"' in html
    assert "Services consulaires" in html  # the topics in French
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html
    assert 'aria-hidden="true"' in html
    assert 'autocomplete="off"' in html
    assert "csrfmiddlewaretoken" in html
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_a_question_is_routed_to_its_unit_and_acknowledged_in_the_senders_language(
    units: dict[str, Any], client: Any
) -> None:
    clerk = staff(units["consular"], "clerk")
    outsider = staff(units["press"], "clerk")

    answer = client.post("/fr/ask/", ask_data())
    run_mail_jobs()

    assert answer.status_code == 302
    assert answer["Location"].startswith("/fr/ask/sent/?ref=")
    question = PublicQuestion.objects.get()
    assert question.unit == units["consular"]
    assert question.status == QuestionStatus.ASSIGNED
    assert question.language == "fr"
    thanks = client.get(answer["Location"])
    reference = f"HD-{question.created_at:%Y}-{question.pk:06d}"
    assert reference in thanks.content.decode()
    [ack] = mail.outbox
    assert ack.to == ["lan@example.test"]
    assert reference in ack.subject
    # Rendered in French (the catalogue's French text comes with the translations).
    assert ack.extra_headers["Content-Language"] == "fr"
    assert Notification.objects.filter(recipient=clerk, kind="portal.question").exists()
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_the_same_message_twice_in_a_day_is_one_record_and_one_acknowledgement(
    units: dict[str, Any], client: Any
) -> None:
    client.post("/en/ask/", ask_data())
    again = client.post("/en/ask/", ask_data(email="LAN@example.test"))
    run_mail_jobs()

    assert PublicQuestion.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "already received" in client.get(again["Location"]).content.decode()


def test_a_filled_honeypot_pretends_success_and_stores_nothing(
    units: dict[str, Any], client: Any
) -> None:
    answer = client.post("/en/ask/", ask_data(website="http://spam.example"))
    run_mail_jobs()

    assert answer.status_code == 302
    assert answer["Location"] == "/en/ask/sent/"
    assert not PublicQuestion.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_faster_than_a_person_types_is_refused(
    units: dict[str, Any], client: Any
) -> None:
    answer = client.post("/en/ask/", ask_data(stamp=stamp("ask", seconds_ago=1)))

    assert answer.status_code == 400
    assert "too quickly" in answer.content.decode()
    assert not PublicQuestion.objects.exists()


def test_a_form_older_than_two_hours_is_refused(units: dict[str, Any], client: Any) -> None:
    answer = client.post("/en/ask/", ask_data(stamp=stamp("ask", seconds_ago=3 * 3600)))

    assert answer.status_code == 400
    assert "expired" in answer.content.decode()
    assert not PublicQuestion.objects.exists()


def test_a_forged_stamp_is_refused(units: dict[str, Any], client: Any) -> None:
    answer = client.post("/en/ask/", ask_data(stamp="12345"))

    assert answer.status_code == 400
    assert not PublicQuestion.objects.exists()


def test_a_sixth_message_within_the_hour_from_one_address_is_refused(
    units: dict[str, Any], client: Any
) -> None:
    for n in range(5):
        assert client.post("/en/ask/", ask_data(body=f"Question number {n}")).status_code == 302

    answer = client.post("/en/ask/", ask_data(body="Question number 6"))

    assert answer.status_code == 429
    assert "Too many messages" in answer.content.decode()
    assert PublicQuestion.objects.count() == 5


def test_a_message_full_of_links_is_refused_with_the_error_linked_to_the_field(
    units: dict[str, Any], client: Any
) -> None:
    body = "Buy now http://a.example http://b.example www.c.example"
    answer = client.post("/en/ask/", ask_data(body=body))

    assert answer.status_code == 400
    html = answer.content.decode()
    assert "too many links" in html
    assert 'aria-describedby="id_body_helptext id_body_error"' in html or "id_body_error" in html
    assert not PublicQuestion.objects.exists()


def test_a_link_in_the_name_is_refused(units: dict[str, Any], client: Any) -> None:
    answer = client.post("/en/ask/", ask_data(name="http://casino.example"))

    assert answer.status_code == 400
    assert not PublicQuestion.objects.exists()


def test_refusals_are_in_the_visitors_language(units: dict[str, Any], client: Any) -> None:
    answer = client.post("/vi/ask/", ask_data(consent=""))

    assert answer.status_code == 400
    assert 'lang="vi"' in answer.content.decode()
    assert not PublicQuestion.objects.exists()


def test_a_message_without_consent_is_not_stored(units: dict[str, Any], client: Any) -> None:
    answer = client.post("/en/ask/", ask_data(consent=""))

    assert answer.status_code == 400
    assert "We can only answer if you agree" in answer.content.decode()
    assert not PublicQuestion.objects.exists()


def test_the_standard_topics_route_to_the_demo_units_and_are_made_once(
    units: dict[str, Any],
) -> None:
    ensure_topics()

    topics = {topic.code: topic.unit.code for topic in QuestionTopic.objects.all()}
    assert topics["consular"] == "consular"
    assert topics["citizen-protection"] == "consular-protection"
    assert topics["visas"] == "consular-passports"
    assert topics["press"] == "press"
    assert len(topics) == 6


def test_the_sent_page_never_shows_an_unsigned_reference(site: Any, client: Any) -> None:
    page = client.get("/en/ask/sent/?ref=<script>HD-0000</script>")

    assert page.status_code == 200
    assert "HD-0000" not in page.content.decode()


def test_an_older_message_does_not_count_as_a_duplicate(units: dict[str, Any], client: Any) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=2), tick=False):
        client.post("/en/ask/", ask_data())
    cache.clear()

    client.post("/en/ask/", ask_data())

    assert PublicQuestion.objects.count() == 2

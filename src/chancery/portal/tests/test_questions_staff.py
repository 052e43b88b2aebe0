"""The staff workspace of the public's questions: each unit sees its own, answers them by
e-mail in the sender's language, and publishes them on the questions page of that language."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from chancery.portal import questions
from chancery.portal.constants import QuestionStatus
from chancery.portal.models import PublicQuestion, QuestionTopic
from chancery.portal.tests.public_helpers import consular_units, run_mail_jobs, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def units(site: Any) -> dict[str, Any]:
    return consular_units()


def _question(topic_code: str = "visas", language: str = "fr", **fields: Any) -> PublicQuestion:
    topic = QuestionTopic.objects.get(code=topic_code)
    submitted = questions.submit_question(
        kind="question",
        topic=topic,
        name="Claire Martin",
        email="claire@example.test",
        subject=fields.pop("subject", "Visa pour le Viet Nam"),
        body=fields.pop("body", "Faut-il un visa pour un séjour de dix jours ?"),
        language=language,
    )
    run_mail_jobs()
    mail.outbox.clear()
    return submitted.question


def _client(user: Any) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_the_queue_shows_the_questions_of_the_unit_and_its_divisions_only(
    units: dict[str, Any],
) -> None:
    visa = _question("visas", subject="Visa question")  # the passport division, under consular
    press = _question("press", subject="Press accreditation", body="Accreditation?")
    head = staff(units["consular"], "unit_head")

    page = _client(head).get("/portal/questions/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Visa question" in html
    assert "Press accreditation" not in html
    assert visa.unit is not None
    assert visa.unit.code == "consular-passports"
    assert press.unit is not None
    assert press.unit.code == "press"


def test_staff_of_another_unit_get_404_on_the_question(units: dict[str, Any]) -> None:
    question = _question("visas")
    outsider = staff(units["press"], "unit_head")

    page = _client(outsider).get(f"/portal/questions/{question.pk}/")

    assert page.status_code == 404


def test_leaders_and_editors_see_every_question(units: dict[str, Any]) -> None:
    question = _question("visas")
    leader = staff(units["press"], "leader")
    editor = staff(units["press"], "editor")

    assert _client(leader).get(f"/portal/questions/{question.pk}/").status_code == 200
    assert _client(editor).get(f"/portal/questions/{question.pk}/").status_code == 200


def test_the_queue_filters_by_status_and_topic_and_counts(units: dict[str, Any]) -> None:
    _question("visas", subject="Open visa question")
    answered = _question("consular", subject="Answered passport question", body="Passport?")
    head = staff(units["consular"], "unit_head")
    questions.answer_question(head, answered, "Yes.", publish=False)

    client = _client(head)
    open_page = client.get("/portal/questions/").content.decode()
    answered_page = client.get("/portal/questions/?status=answered").content.decode()
    topic = QuestionTopic.objects.get(code="consular")
    by_topic = client.get(f"/portal/questions/?status=answered&topic={topic.pk}").content.decode()

    assert "Open visa question" in open_page
    assert "Answered passport question" not in open_page
    assert "Answered passport question" in answered_page
    assert "Open visa question" not in answered_page
    assert "Answered passport question" in by_topic
    assert 'data-count="answered">1<' in answered_page


def test_an_answer_is_emailed_in_the_senders_language_and_published_on_their_page(
    units: dict[str, Any],
) -> None:
    question = _question("visas", language="fr")
    specialist = staff(units["consular"], "specialist")

    answer = _client(specialist).post(
        f"/portal/questions/{question.pk}/answer/",
        {"answer": "Non, pas pour dix jours.", "publish": "on"},
    )
    run_mail_jobs()

    assert answer.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.published
    assert question.answered_by == specialist
    [message] = mail.outbox
    assert message.to == ["claire@example.test"]
    assert "Non, pas pour dix jours." in message.body
    assert message.extra_headers["Content-Language"] == "fr"
    assert list(questions.published_for("fr")) == [question]
    assert list(questions.published_for("en")) == []


def test_publishing_purges_the_page_cache(
    units: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    question = _question("visas")
    head = staff(units["consular"], "unit_head")

    with (
        mock.patch("chancery.portal.cache.purge") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        questions.answer_question(head, question, "Non.", publish=True)

    purge.assert_called_once()


def test_an_answer_not_published_purges_nothing(
    units: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    question = _question("visas")
    head = staff(units["consular"], "unit_head")

    with (
        mock.patch("chancery.portal.cache.purge") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        questions.answer_question(head, question, "Non.", publish=False)

    purge.assert_not_called()


def test_a_retried_answer_job_sends_the_answer_once(units: dict[str, Any]) -> None:
    from chancery.portal.public_mail import deliver_question_mail

    question = _question("visas")
    questions.answer_question(staff(units["consular"], "unit_head"), question, "Non.", False)
    run_mail_jobs()

    assert deliver_question_mail(question.pk, "answer") is False
    assert len(mail.outbox) == 1


def test_an_editor_publishes_an_answered_question_but_may_not_answer(
    units: dict[str, Any],
) -> None:
    question = _question("visas")
    editor = staff(units["press"], "editor")
    head = staff(units["consular"], "unit_head")

    with pytest.raises(PermissionDenied):
        questions.answer_question(editor, question, "Non.", publish=True)
    refused = _client(editor).post(f"/portal/questions/{question.pk}/answer/", {"answer": "x"})
    questions.answer_question(head, question, "Non.", publish=False)
    _client(editor).post(f"/portal/questions/{question.pk}/publish/", {"published": "1"})

    assert refused.status_code == 403
    question.refresh_from_db()
    assert question.published


def test_an_unanswered_question_cannot_be_published(units: dict[str, Any]) -> None:
    question = _question("visas")

    with pytest.raises(ValidationError):
        questions.publish_question(staff(units["consular"], "unit_head"), question, True)


def test_closing_and_marking_spam_end_the_question_without_mail(units: dict[str, Any]) -> None:
    head = staff(units["consular"], "unit_head")
    first, second = _question("visas", body="one"), _question("visas", body="two")

    _client(head).post(f"/portal/questions/{first.pk}/close/")
    _client(head).post(f"/portal/questions/{second.pk}/spam/")
    run_mail_jobs()

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == QuestionStatus.CLOSED
    assert second.status == QuestionStatus.SPAM
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        questions.answer_question(head, first, "Too late.", publish=False)


def test_staff_without_a_workspace_role_are_refused(units: dict[str, Any]) -> None:
    trainer = staff(units["consular"], "trainer")

    assert _client(trainer).get("/portal/questions/").status_code == 403


def test_a_published_answer_appears_on_the_questions_page_of_its_language_only(
    units: dict[str, Any], client: Any
) -> None:
    question = _question("visas", language="fr", subject="Visa de dix jours")
    questions.answer_question(staff(units["consular"], "unit_head"), question, "Non.", True)

    french = client.get("/fr/questions/").content.decode()
    english = client.get("/en/questions/").content.decode()

    assert "Visa de dix jours" in french
    assert "claire@example.test" not in french
    assert "Claire Martin" not in french
    assert "Visa de dix jours" not in english

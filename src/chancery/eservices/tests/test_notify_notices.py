"""Every public status change reaches the applicant, by e-mail through a real SMTP server and
by SMS through the local fake gateway, in their language, once, retried until it goes out."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings

from chancery.core.tests.jobs_helpers import make_due, run_worker
from chancery.eservices import notify
from chancery.eservices.actions.lifecycle import lock, record_event, transition
from chancery.eservices.constants import NoticeStatus, State
from chancery.eservices.fakes.sms import FakeSmsGateway
from chancery.eservices.models import Dossier, Notice
from chancery.eservices.notify import notices
from chancery.eservices.tests.factories import ApplicantFactory, dossier, officer, procedure_version
from chancery.testing.smtp import Mailbox, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with (
        smtp_server() as server,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=server.host,
            EMAIL_PORT=server.port,
            CHANCERY_SITE_URL="https://dichvucong.mofa.test",
            CHANCERY_SMS={},
        ),
    ):
        yield server


@pytest.fixture
def gateway() -> Iterator[FakeSmsGateway]:
    with (
        FakeSmsGateway(api_key="k-1", secret_key="s-1") as fake,
        override_settings(
            CHANCERY_SMS={
                "provider": "esms",
                "url": fake.url,
                "api_key": "k-1",
                "secret_key": "s-1",
                "brandname": "BNG",
                "sms_type": "2",
            }
        ),
    ):
        yield fake


def _text(message: EmailMessage) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]


def _html(message: EmailMessage) -> str:
    return str(message.get_body(preferencelist=("html",)).get_content())  # type: ignore[union-attr]


def _move(row: Dossier, to: str, **kwargs: Any) -> None:
    with transaction.atomic():
        transition(lock(row.pk), to, **kwargs)


def _job_of(notice: Notice) -> int:
    """The job that sends ``notice`` (one per notice)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM procrastinate_jobs WHERE task_name LIKE 'eservices.send_notice_%%' "
            "AND (args->>'notice_id')::int = %s",
            [notice.pk],
        )
        [(job,)] = cursor.fetchall()
        return int(job)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("language", "greeting", "words"),
    [
        ("en", "Dear Lan Nguyễn,", "is being processed"),
        ("vi", "Kính gửi Lan Nguyễn,", "Bộ Ngoại giao"),
    ],
)
def test_a_status_change_reaches_the_applicant_by_email_in_their_language(
    mailbox: Mailbox, language: str, greeting: str, words: str
) -> None:
    applicant = ApplicantFactory(
        email="lan@example.test", full_name="Lan Nguyễn", language=language
    )
    row = dossier(procedure_version(), applicant, state=State.SUBMITTED, code="LS-260301-0001")

    _move(row, State.ACCEPTED)
    run_worker("email")

    [message] = mailbox.messages
    assert message["To"] == "lan@example.test"
    assert message["Content-Language"] == language
    assert "LS-260301-0001" in message["Subject"]
    assert greeting in _text(message)
    assert words in _text(message)
    assert "https://dichvucong.mofa.test/services/" in _text(message)
    assert f'lang="{language}"' in _html(message)
    assert 'href="https://dichvucong.mofa.test/services/' in _html(message)
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts, notice.kind) == (
        NoticeStatus.SENT,
        1,
        "status_in_progress",
    )


def test_a_supplement_request_lists_the_items_and_the_reason(mailbox: Mailbox) -> None:
    row = dossier(procedure_version(), ApplicantFactory(language="en"), state=State.SUBMITTED)
    items = [{"component": "passport", "problem": "missing", "note": "all pages"}]

    _move(row, State.SUPPLEMENT_REQUESTED, data={"items": items, "reason": "The scan is blurred."})
    run_worker("email")

    text = _text(mailbox.messages[0])
    assert "The scan is blurred." in text
    assert "- Copy of passport (missing): all pages" in text
    assert "paused" in text


def test_payment_extension_and_apology_notices_carry_amount_dates_and_words(
    mailbox: Mailbox,
) -> None:
    row = dossier(procedure_version(), ApplicantFactory(language="en"), state=State.ACCEPTED)
    _move(row, State.PAYMENT_REQUESTED, data={"amount": 30000, "currency": "VND"})
    with transaction.atomic():
        locked = lock(row.pk)
        event = record_event(
            locked,
            "deadline_extended",
            actor=officer(row.unit),
            data={"old": "2026-03-09", "new": "2026-03-16"},  # as handling.extend writes it
            note="Verification with the issuing authority.",
        )
        notify.on_event(locked, event)
        apology = record_event(locked, "apology_sent", note="We are sorry for the wait.")
        notify.on_event(locked, apology)
    run_worker("email")

    subjects = sorted(str(m["Subject"]) for m in mailbox.messages)
    assert any("fee to pay" in s for s in subjects)
    assert any("new return date" in s for s in subjects)
    texts = " ".join(_text(m) for m in mailbox.messages)
    assert "30,000 VND" in texts
    assert "We are sorry for the wait." in texts
    assert "Verification with the issuing authority." in texts
    assert "03/09/2026" in texts
    assert "03/16/2026" in texts


def test_internal_moves_and_internal_events_send_nothing(mailbox: Mailbox) -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.ACCEPTED)

    _move(row, State.PROCESSING)  # still "being processed" for the applicant
    _move(row, State.AWAITING_APPROVAL, public=False)

    assert not Notice.objects.exists()


def test_a_text_message_goes_through_the_sms_gateway_to_applicants_who_opted_in(
    mailbox: Mailbox, gateway: FakeSmsGateway
) -> None:
    applicant = ApplicantFactory(language="vi", sms_opt_in=True, phone="+84 901 234 567")
    row = dossier(procedure_version(), applicant, state=State.APPROVED, code="LS-1")

    _move(row, State.RESULT_ISSUED)
    run_worker("exchange")
    run_worker("email")

    [sms] = gateway.messages
    assert sms.phone == "0901234567"
    assert sms.brandname == "BNG"
    assert "LS-1" in sms.content
    assert len(mailbox.messages) == 1
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 2


def test_a_failing_smtp_server_is_retried_until_the_mail_goes_out(mailbox: Mailbox) -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.SUBMITTED)
    with override_settings(EMAIL_PORT=_closed_port()):
        _move(row, State.ACCEPTED)
        run_worker("email")
    notice = Notice.objects.get()
    assert (notice.status, notice.attempts) == (NoticeStatus.FAILED, 1)
    assert notice.last_error

    make_due(_job_of(notice))  # the backoff has been scheduled; do not wait for it
    run_worker("email")

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (NoticeStatus.SENT, 2)
    assert len(mailbox.messages) == 1


def test_a_failing_sms_gateway_is_retried_until_the_text_goes_out(
    mailbox: Mailbox, gateway: FakeSmsGateway
) -> None:
    applicant = ApplicantFactory(sms_opt_in=True, phone="0901234567")
    row = dossier(procedure_version(), applicant, state=State.SUBMITTED)
    gateway.fail_next(1)
    gateway.fail_next(1, status=200, code="99")

    _move(row, State.ACCEPTED)
    run_worker("exchange")
    notice = Notice.objects.get(channel="sms")
    assert notice.status == NoticeStatus.FAILED
    make_due(_job_of(notice))
    run_worker("exchange")
    make_due(_job_of(notice))
    run_worker("exchange")

    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (NoticeStatus.SENT, 3)
    assert len(gateway.messages) == 1


def test_running_the_job_twice_or_queueing_the_event_twice_sends_once(mailbox: Mailbox) -> None:
    from chancery.eservices.notify.tasks import send_notice_email

    row = dossier(procedure_version(), ApplicantFactory(), state=State.SUBMITTED)
    _move(row, State.ACCEPTED)
    run_worker("email")
    notice = Notice.objects.get()

    send_notice_email.defer(notice_id=notice.pk)
    with transaction.atomic():
        locked = lock(row.pk)
        notify.on_event(locked, row.events.get())
    run_worker("email")

    assert len(mailbox.messages) == 1
    assert Notice.objects.count() == 1
    assert notices.deliver(notice.pk) is False


def test_messages_with_a_one_use_link_are_blanked_once_sent(mailbox: Mailbox) -> None:
    applicant = ApplicantFactory()
    notice = notify.send_to_applicant(
        applicant, "password_reset", {"link": "https://x.test/services/r/abc", "hours": 2}
    )
    run_worker("email")

    assert "https://x.test/services/r/abc" in _text(mailbox.messages[0])
    notice.refresh_from_db()
    assert "abc" not in notice.body
    assert notice.status == NoticeStatus.SENT


def test_queueing_notices_stays_within_a_query_budget(
    mailbox: Mailbox, django_assert_max_num_queries: Any
) -> None:
    row = dossier(procedure_version(), ApplicantFactory(), state=State.SUBMITTED)
    with transaction.atomic():
        locked = lock(row.pk)
        event = record_event(locked, "x", from_state=State.SUBMITTED, to_state=State.ACCEPTED)
        with django_assert_max_num_queries(4):
            notify.on_event(locked, event)


def test_the_esms_request_follows_the_published_contract() -> None:
    from chancery.eservices.notify.sms import EsmsProvider, normalise_phone

    provider = EsmsProvider({"api_key": "k", "secret_key": "s", "brandname": "BNG"})
    payload = provider.payload("+84 90 123 4567", "Hồ sơ LS-1 đã có kết quả.", "notice-7")

    assert payload == {
        "ApiKey": "k",
        "SecretKey": "s",
        "Phone": "0901234567",
        "Content": "Hồ sơ LS-1 đã có kết quả.",
        "Brandname": "BNG",
        "SmsType": "2",
        "IsUnicode": "1",
        "Sandbox": "0",
        "RequestId": "notice-7",
    }
    assert normalise_phone("0901 234 567") == "0901234567"


def test_a_refusing_gateway_is_reported_with_its_code(gateway: FakeSmsGateway) -> None:
    from chancery.eservices.notify.sms import EsmsProvider, SmsError

    wrong = EsmsProvider({"url": gateway.url, "api_key": "k-1", "secret_key": "nope"})
    with pytest.raises(SmsError, match="101"):
        wrong.send("0901234567", "hello", reference="r-1")
    assert gateway.messages == []

"""The notification e-mail job, delivered through Django's SMTP backend to a real server."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from django.db import transaction
from django.test import override_settings

from chancery.core.actions.notifications import notify
from chancery.core.models import Notification, User
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.jobs_helpers import run_worker
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
            CHANCERY_SITE_URL="https://chancery.mofa.test",
        ),
    ):
        yield server


def _text(message: EmailMessage) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())  # type: ignore[union-attr]


def _html(message: EmailMessage) -> str:
    return str(message.get_body(preferencelist=("html",)).get_content())  # type: ignore[union-attr]


def test_the_job_emails_the_notification_in_the_recipients_language(mailbox: Mailbox) -> None:
    recipient = UserFactory(email="lan@mofa.test", full_name="Lan Nguyễn", language="fr")
    notification = notify(recipient, "test.assigned", "Dossier 42", "À traiter.", url="/d/42/")

    run_worker("email")

    [message] = mailbox.messages
    assert message["To"] == "lan@mofa.test"
    assert message["Subject"] == "[Chancery] Dossier 42"
    assert message["Content-Language"] == "fr"
    assert "Bonjour Lan Nguyễn," in _text(message)
    assert "Ouvrir dans Chancery : https://chancery.mofa.test/d/42/" in _text(message)
    assert 'lang="fr"' in _html(message)
    assert 'href="https://chancery.mofa.test/d/42/"' in _html(message)
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_vietnamese_recipients_get_vietnamese_mail(mailbox: Mailbox) -> None:
    recipient = UserFactory(email="hoa@mofa.test", full_name="Trần Hoa", language="vi")
    notify(recipient, "test.assigned", "Hồ sơ 7")

    run_worker("email")

    [message] = mailbox.messages
    assert "Kính gửi Trần Hoa," in _text(message)
    assert message["Content-Language"] == "vi"


def test_running_the_job_again_sends_nothing_more(mailbox: Mailbox) -> None:
    notification = notify(UserFactory(language="en"), "test.assigned", "Once only")
    run_worker("email")

    from chancery.core.tasks import send_notification_email

    send_notification_email.defer(notification_id=notification.pk)
    run_worker("email")

    assert [m["Subject"] for m in mailbox.messages] == ["[Chancery] Once only"]


def _notify_then_fail(recipient: User) -> None:
    with transaction.atomic():
        notify(recipient, "test.assigned", "Rolled back")
        raise RuntimeError


def test_a_notification_rolled_back_with_its_transaction_is_never_emailed(
    mailbox: Mailbox,
) -> None:
    recipient = UserFactory(language="en")

    with pytest.raises(RuntimeError):
        _notify_then_fail(recipient)

    run_worker("email")

    assert mailbox.messages == []
    assert not Notification.objects.exists()

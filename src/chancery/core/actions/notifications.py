"""Notifying staff: the in-app row and, in the same transaction, the e-mail job."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import Clearance
from chancery.core.models import Notification
from chancery.core.tasks import send_notification_email

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from chancery.core.models import User

# Classification markings as they are printed on classified material (Vietnamese, English,
# French). Upper case only: "Mật khẩu" (password) is ordinary text, "MẬT" is a marking.
_MARKING = re.compile(
    r"(?<!\w)(TUYỆT MẬT|TỐI MẬT|MẬT|TOP SECRET|SECRET|CONFIDENTIAL|TRÈS SECRET|CONFIDENTIEL)(?!\w)"
)


class ClassifiedPayloadRefused(ValueError):
    """A notification was asked to carry classified content; it never may."""


class ExternalLinkRefused(ValueError):
    """A notification may link only to a page of Chancery."""


def _refuse_classified(classification: int, *texts: str) -> None:
    if classification > Clearance.UNCLASSIFIED:
        raise ClassifiedPayloadRefused(_("Notifications never carry classified content."))
    for text in texts:
        if _MARKING.search(text):
            raise ClassifiedPayloadRefused(
                _("The notification text carries a classification marking.")
            )


def _refuse_external_url(url: str) -> None:
    # A link in an e-mail that leaves Chancery is a phishing vector: only local paths.
    if url and (not url.startswith("/") or url.startswith("//") or "\\" in url):
        raise ExternalLinkRefused(_("A notification links only to a page of Chancery."))


def notify(
    recipient: User,
    kind: str,
    title: StrOrPromise,
    body: StrOrPromise = "",
    url: str = "",
    *,
    email: bool = True,
    classification: int = Clearance.UNCLASSIFIED,
) -> Notification:
    """Notify ``recipient`` in the workspace and, if ``email``, by e-mail.

    Any code acting for the system may call it (actions of every app, jobs). The e-mail job is
    deferred in the caller's transaction, so a rolled-back write sends nothing.

    Refuses (``ClassifiedPayloadRefused``) a payload declared classified or whose text carries
    a classification marking, and (``ExternalLinkRefused``) a link outside Chancery. Say "a document
    was assigned to you" and link to it; never quote classified content.
    """
    title_text, body_text = str(title), str(body)
    _refuse_classified(classification, title_text, body_text)
    _refuse_external_url(url)
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            title=title_text[:255],
            body=body_text,
            url=url,
        )
        if email and recipient.email:
            send_notification_email.defer(notification_id=notification.pk)
    return notification


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of ``user``'s own notifications read; anyone else's answers 404."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(recipient=user, pk=notification_id)
            .first()
        )
        if notification is None:
            raise Http404
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many changed."""
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


def _absolute(path: str) -> str:
    return (str(settings.CHANCERY_SITE_URL).rstrip("/") + path) if path else ""


def deliver_email(notification_id: int) -> bool:
    """Send the e-mail of one notification, once; returns whether a message went out.

    Called by the ``send_notification_email`` job. Idempotent: the row is locked while
    sending and ``emailed_at`` set in the same transaction, so a retried or duplicated job
    never sends twice; if sending fails the transaction rolls back and the job retries.
    Skips a notification already e-mailed, gone, or whose recipient has no address.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        recipient = notification.recipient
        with translation.override(recipient.language):
            context = {
                "notification": notification,
                "recipient": recipient,
                "link": _absolute(notification.url),
            }
            subject = render_to_string("core/email/notification_subject.txt", context)
            message = EmailMultiAlternatives(
                subject=" ".join(subject.split()),
                body=render_to_string("core/email/notification.txt", context),
                to=[recipient.email],
                headers={"Content-Language": recipient.language},
            )
            message.attach_alternative(
                render_to_string("core/email/notification.html", context), "text/html"
            )
        message.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True

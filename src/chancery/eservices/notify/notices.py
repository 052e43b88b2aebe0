"""Creating the applicant's notices and sending them, once each.

``on_event`` (called by ``actions.lifecycle.transition`` inside the dossier's transaction) and
``send_to_applicant`` create ``Notice`` rows already rendered in the applicant's language and
defer one job per notice in the same transaction. ``deliver`` is what the job runs.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from chancery.eservices.constants import STATE_MAP, NoticeChannel, NoticeStatus, State
from chancery.eservices.models import Applicant, Dossier, DossierEvent, Notice
from chancery.eservices.notify import render, sms

logger = logging.getLogger(__name__)

# Kinds whose body holds a one-use link: once sent, the stored copy is blanked.
SECRET_KINDS = frozenset({"verify_email", "password_reset", "invitation", "resume_link"})
# Events without a change of state that still reach the applicant (``record_event`` actions).
EXTENSION_ACTIONS = frozenset({"deadline_extended", "extended", "extension"})
APOLOGY_ACTIONS = frozenset({"apology", "apology_sent"})
SPECIAL_STATES: dict[str, str] = {
    State.SUPPLEMENT_REQUESTED: "supplement_requested",
    State.PAYMENT_REQUESTED: "payment_requested",
    State.RESULT_ISSUED: "result_issued",
}


class PermanentFailure(Exception):
    """A notice no retry can send (no address, no SMS provider)."""


def _status_kind(event: DossierEvent) -> str | None:
    if event.to_state in SPECIAL_STATES:
        return SPECIAL_STATES[event.to_state]
    if event.to_state not in STATE_MAP:
        return None
    new_status = STATE_MAP[event.to_state][0]
    old_status = STATE_MAP[event.from_state][0] if event.from_state in STATE_MAP else None
    # Two internal states behind one public status (accepted → processing): nothing to tell.
    return None if new_status == old_status else f"status_{new_status}"


def _kind_for(event: DossierEvent) -> str | None:
    if event.action in EXTENSION_ACTIONS:
        return "deadline_extended"
    if event.action in APOLOGY_ACTIONS:
        return "apology"
    return _status_kind(event) if event.to_state else None


def _date(value: object) -> dt.date | None:
    """A date from event data (JSON keeps ISO strings)."""
    if isinstance(value, dt.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def _named_items(dossier: Dossier, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The requested items with each component's name in the applicant's language."""
    language = dossier.applicant.language
    names = {
        str(c.get("code")): str(c.get(f"name_{language}") or c.get("name_en") or c.get("code"))
        for c in dossier.version.components or []
    }
    return [
        {**item, "component": names.get(str(item.get("component")), item.get("component"))}
        for item in items
        if isinstance(item, dict)
    ]


def _context(kind: str, dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    data = event.data or {}
    context: dict[str, Any] = {
        "dossier": dossier,
        "event": event,
        "note": event.note,
        "procedure": dossier.version.procedure,
        "link": render.absolute(str(data.get("url", ""))) or render.dossier_link(dossier),
        "status": STATE_MAP[dossier.state][0],
    }
    if kind == "supplement_requested":
        request = dossier.supplements.order_by("-round").first()
        context["reason"] = data.get("reason") or (request.reason if request else event.note)
        context["items"] = _named_items(
            dossier, data.get("items") or (request.items if request else [])
        )
    elif kind == "payment_requested":
        context["amount"] = data.get("amount", dossier.fee)
        context["currency"] = data.get("currency", dossier.currency)
        if data.get("payment_url"):
            context["link"] = render.absolute(str(data["payment_url"]))
    elif kind == "deadline_extended":
        extension = dossier.extensions.order_by("-at").first()
        context["old_due_on"] = _date(data.get("old_due_on") or data.get("old")) or (
            extension.old_due_on if extension else None
        )
        context["new_due_on"] = _date(data.get("new_due_on") or data.get("new")) or (
            extension.new_due_on if extension else dossier.due_on
        )
        context["reason"] = data.get("reason") or (extension.reason if extension else event.note)
    return context


def _create(
    applicant: Applicant,
    kind: str,
    channel: str,
    context: dict[str, Any],
    *,
    dossier: Dossier | None,
    event: DossierEvent | None,
) -> Notice:
    from chancery.eservices.notify import tasks

    rendered = render.render(kind, applicant, context)
    is_sms = channel == NoticeChannel.SMS
    notice = Notice.objects.create(
        dossier=dossier,
        applicant=applicant,
        event=event,
        channel=channel,
        kind=kind,
        language=applicant.language,
        recipient=applicant.phone if is_sms else applicant.email,
        subject=rendered.subject,
        body=rendered.sms if is_sms else rendered.text,
    )
    task = tasks.send_notice_sms if is_sms else tasks.send_notice_email
    task.defer(notice_id=notice.pk)
    return notice


def _channels(applicant: Applicant) -> list[str]:
    channels = [NoticeChannel.EMAIL.value] if applicant.email else []
    if applicant.sms_opt_in and applicant.phone and sms.configured():
        channels.append(NoticeChannel.SMS.value)
    return channels


def on_event(dossier: Dossier, event: DossierEvent) -> list[Notice]:
    """Queue the applicant's notices for ``event`` (one per channel, each sent by a job).

    Who may call: ``actions.lifecycle.transition`` (and actions that record a public event
    without a change of state: extensions, apologies), inside the dossier's transaction.
    Internal events, and moves between internal states the applicant sees as one public
    status, send nothing. Calling it twice for one event creates nothing more.
    """
    if not event.public:
        return []
    kind = _kind_for(event)
    if kind is None:
        return []
    applicant = dossier.applicant
    wanted = _channels(applicant)
    done = set(Notice.objects.filter(event=event).values_list("channel", flat=True))
    missing = [channel for channel in wanted if channel not in done]
    if not missing:
        return []
    context = _context(kind, dossier, event)
    return [
        _create(applicant, kind, channel, context, dossier=dossier, event=event)
        for channel in missing
    ]


def send_to_applicant(
    applicant: Applicant,
    kind: str,
    context: dict[str, Any] | None = None,
    *,
    dossier: Dossier | None = None,
    sms_too: bool = False,
) -> Notice:
    """E-mail ``applicant`` a message not tied to a change of state (verification, password
    reset, resume link, receipt, invitation), rendered from ``eservices/notify/<kind>.txt``
    in their language and sent by the same job as status notices.

    Who may call: actions of the e-services. ``sms_too`` also texts an applicant who opted in.
    Refuses (``ValueError``) an applicant without an e-mail address.
    """
    if not applicant.email:
        raise ValueError("the applicant has no e-mail address")
    page = {"dossier": dossier, **(context or {})}
    with transaction.atomic():
        notice = _create(applicant, kind, NoticeChannel.EMAIL, page, dossier=dossier, event=None)
        if sms_too and NoticeChannel.SMS in _channels(applicant):
            _create(applicant, kind, NoticeChannel.SMS, page, dossier=dossier, event=None)
    return notice


def _send_email(notice: Notice) -> None:
    message = EmailMultiAlternatives(
        subject=notice.subject,
        body=notice.body,
        to=[notice.recipient],
        headers={"Content-Language": notice.language},
    )
    message.attach_alternative(
        render.html(notice.body, notice.subject, notice.language), "text/html"
    )
    message.send()


def _send_sms(notice: Notice) -> str:
    provider = sms.provider()
    if provider is None:
        raise PermanentFailure("no SMS provider is configured")
    return provider.send(notice.recipient, notice.body, reference=f"notice-{notice.pk}")


def deliver(notice_id: int) -> bool:
    """Send one notice, once; True if it went out now.

    Who may call: the jobs ``eservices.send_notice_email`` and ``eservices.send_notice_sms``.
    The row stays locked while sending and is marked ``sent`` in the same transaction, so a
    duplicated or retried job never sends twice. A failure is written on the notice (attempts,
    error, ``failed``) and re-raised so that the job retries with backoff, except a
    ``PermanentFailure``.
    """
    try:
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(of=("self",))
                .filter(pk=notice_id)
                .exclude(status=NoticeStatus.SENT)
                .first()
            )
            if notice is None:
                return False
            if not notice.recipient:
                raise PermanentFailure("no address to send to")
            reference = ""
            if notice.channel == NoticeChannel.SMS:
                reference = _send_sms(notice)
            else:
                _send_email(notice)
            notice.status = NoticeStatus.SENT
            notice.attempts = F("attempts") + 1
            notice.sent_at = timezone.now()
            notice.last_error = f"provider reference {reference}" if reference else ""
            fields = ["status", "attempts", "sent_at", "last_error"]
            if notice.kind in SECRET_KINDS:
                notice.body = str(_("(Removed after sending: it held a one-use link.)"))
                fields.append("body")
            notice.save(update_fields=fields)
    except PermanentFailure as exc:
        _failed(notice_id, str(exc))
        return False
    except Exception as exc:
        _failed(notice_id, f"{type(exc).__name__}: {exc}")
        raise
    return True


def _failed(notice_id: int, error: str) -> None:
    logger.warning("notice %s not sent: %s", notice_id, error)
    Notice.objects.filter(pk=notice_id).exclude(status=NoticeStatus.SENT).update(
        status=NoticeStatus.FAILED, attempts=F("attempts") + 1, last_error=error[:1000]
    )


__all__ = ["PermanentFailure", "deliver", "on_event", "send_to_applicant"]

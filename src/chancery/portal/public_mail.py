"""E-mail to the public: acknowledgements, answers, subscription confirmations.

Actions call ``defer_*`` inside their transaction; the job (queue ``email``) renders the
message in the recipient's language when it runs and sends it. Acknowledgements and answers
are stamped (``acknowledged_at``, ``answer_emailed_at``) in the sending transaction, so a
retried job never sends them twice; a confirmation is sent each time one is asked for.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from chancery.core.service import default_retry, job_task
from chancery.portal.models import PublicQuestion, Subscription


def defer_acknowledgement(question: PublicQuestion) -> None:
    send_question_mail.defer(question_id=question.pk, what="acknowledgement")


def defer_answer(question: PublicQuestion) -> None:
    send_question_mail.defer(question_id=question.pk, what="answer")


def defer_confirmation(subscription: Subscription) -> None:
    send_confirmation_mail.defer(subscription_id=subscription.pk)


def message(
    *,
    template: str,
    language: str,
    to: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """A plain-text e-mail rendered in ``language`` from ``portal/email/<template>.txt``
    (its first line is the subject)."""
    with translation.override(language):
        text = render_to_string(f"portal/email/{template}.txt", context)
    subject, _blank, body = text.strip().partition("\n")
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "Content-Language": language,
            "Auto-Submitted": "auto-generated",
            **(headers or {}),
        },
    )


def deliver_question_mail(question_id: int, what: str) -> bool:
    """Send the acknowledgement or the answer of one question, once; whether one went out."""
    from chancery.portal.questions import reference

    stamp = "acknowledged_at" if what == "acknowledgement" else "answer_emailed_at"
    with transaction.atomic():
        question = (
            PublicQuestion.objects.select_for_update(of=("self",))
            .select_related("topic")
            .filter(pk=question_id, **{f"{stamp}__isnull": True})
            .first()
        )
        if question is None or (what == "answer" and not question.answer):
            return False
        with translation.override(question.language):
            context = {
                "question": question,
                "reference": reference(question),
                "topic": question.topic.name,
            }
        message(
            template=f"question_{what}",
            language=question.language,
            to=question.email,
            context=context,
        ).send()
        setattr(question, stamp, timezone.now())
        question.save(update_fields=[stamp])
    return True


def deliver_confirmation(subscription_id: int) -> bool:
    """Send the confirmation link of a subscription still waiting for it."""
    from chancery.portal import subscriptions

    found = Subscription.objects.filter(
        pk=subscription_id, confirmed_at__isnull=True, unsubscribed_at__isnull=True
    ).first()
    if found is None:
        return False
    message(
        template="subscription_confirm",
        language=found.language,
        to=found.email,
        context={
            "subscription": found,
            "topic": _topic_label(found),
            "confirm_url": subscriptions.confirm_url(found),
        },
    ).send()
    return True


def _topic_label(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        label = str(subscription.get_topic_display())
        if subscription.country_code:
            from chancery.portal.subscriptions import country_name

            label = f"{label}: {country_name(subscription.country_code, subscription.language)}"
    return label


@job_task(name="portal.send_question_mail", queue="email", retry=default_retry())
def send_question_mail(question_id: int, what: str) -> None:
    """E-mail the sender of a question its acknowledgement or its answer (idempotent)."""
    deliver_question_mail(question_id, what)


@job_task(name="portal.send_confirmation_mail", queue="email", retry=default_retry())
def send_confirmation_mail(subscription_id: int) -> None:
    """E-mail the confirmation link of a subscription (skipped once confirmed or ended)."""
    deliver_confirmation(subscription_id)

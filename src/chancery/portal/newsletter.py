"""The daily newsletter: the news published since the last digest, to confirmed newsletter
subscribers, each in their language.

Idempotent by construction: the day's ``NewsletterDigest`` row fixes what the digest covers
(from the end of the previous one until the moment the day's first run started), and each
subscription records the day of its last digest (``digest_sent_on``) in the transaction that
sends it, so a job run again after a crash sends only to whom it had not reached, and a
second run on the same day sends nothing. A language with no news that day sends nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from procrastinate.contrib.django import app

from chancery.core.service import job_task
from chancery.portal.constants import SubscriptionTopic
from chancery.portal.models import NewsletterDigest, NewsPage, Subscription

logger = logging.getLogger(__name__)
# The first digest ever covers the day before it.
FIRST_SPAN = timedelta(days=1)


def _news(language: str, since: datetime, until: datetime) -> list[NewsPage]:
    return list(
        NewsPage.objects.live()
        .public()
        .filter(
            locale__language_code=language,
            first_published_at__gt=since,
            first_published_at__lte=until,
        )
        .order_by("-first_published_at")
    )


def _digest_for(day: date) -> NewsletterDigest:
    with transaction.atomic():
        found = NewsletterDigest.objects.select_for_update().filter(day=day).first()
        if found is not None:
            return found
        previous = NewsletterDigest.objects.filter(day__lt=day).order_by("-day").first()
        now = timezone.now()
        since = previous.covers_until if previous else now - FIRST_SPAN
        return NewsletterDigest.objects.create(day=day, covers_from=since, covers_until=now)


def send_digest(day: date | None = None) -> int:
    """Send the digest of ``day`` (today) to every confirmed newsletter subscriber who has
    not had it; returns how many e-mails went out. Run by the daily job; no user acts."""
    from chancery.portal import public_mail, subscriptions

    day = day or timezone.localdate()
    digest = _digest_for(day)
    news_by_language: dict[str, list[NewsPage]] = {}
    sent = 0
    pending = subscriptions.active_subscribers(SubscriptionTopic.NEWSLETTER).filter(
        Q(digest_sent_on__isnull=True) | Q(digest_sent_on__lt=day)
    )
    for subscription_id, language in pending.values_list("pk", "language"):
        if language not in news_by_language:
            news_by_language[language] = _news(language, digest.covers_from, digest.covers_until)
        items = news_by_language[language]
        if not items:
            continue
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update()
                .filter(
                    pk=subscription_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True
                )
                .exclude(digest_sent_on__gte=day)
                .first()
            )
            if subscription is None:
                continue
            with translation.override(language):
                links = [(page.title, subscriptions.absolute(page.url or "")) for page in items]
            public_mail.message(
                template="newsletter",
                language=language,
                to=subscription.email,
                context={
                    "day": day,
                    "items": links,
                    "unsubscribe_url": subscriptions.unsubscribe_url(subscription),
                },
                headers=subscriptions.unsubscribe_headers(subscription),
            ).send()
            subscription.digest_sent_on = day
            subscription.save(update_fields=["digest_sent_on"])
            sent += 1
    if sent:
        NewsletterDigest.objects.filter(pk=digest.pk).update(recipients=digest.recipients + sent)
    logger.info("newsletter digest", extra={"day": str(day), "sent": sent})
    return sent


@app.periodic(cron="0 7 * * *", periodic_id="daily")
@job_task(
    name="portal.send_newsletter",
    queue="email",
    retry=False,
    queueing_lock="portal.send_newsletter",
    lock="portal.send_newsletter",
)
def send_newsletter(timestamp: int) -> None:
    """Daily at 07:00 (the server's time zone): the newsletter digest (``send_digest``). No
    automatic retry: a failed run is run again by the next day's, or from /ops/jobs/, and
    sends only to whom it had not reached."""
    send_digest()

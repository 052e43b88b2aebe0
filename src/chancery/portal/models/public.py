"""What the public sends the ministry: questions and feedback, and alert subscriptions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Translated
from chancery.portal.constants import QuestionKind, QuestionStatus, SubscriptionTopic


class QuestionTopic(Translated):
    """A subject people ask about, and the unit that answers it (routing)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("answering unit"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question topic")
        verbose_name_plural = _("question topics")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class PublicQuestion(models.Model):
    """A question or feedback from the public, routed to a unit and answered; a question may be
    published (anonymised) on the portal's questions-and-answers page."""

    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    topic = models.ForeignKey(
        QuestionTopic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="questions"
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("answering unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=8, default="vi")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=QuestionStatus.choices,
        default=QuestionStatus.RECEIVED,
        db_index=True,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    published = models.BooleanField(_("published on the portal"), default=False)
    # A hash of the sender's address (never the address itself), for throttling and spam review.
    sender_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    # When the acknowledgement and the answer went out: a retried mail job never sends twice.
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    answer_emailed_at = models.DateTimeField(_("answer e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question from the public")
        verbose_name_plural = _("questions from the public")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Subscription(models.Model):
    """An e-mail subscription: confirmed by a link (double opt-in), ended in one click.

    ``country_code`` is set for a one-country advisory subscription."""

    email = models.EmailField(_("e-mail"))
    topic = models.CharField(_("topic"), max_length=32, choices=SubscriptionTopic.choices)
    country_code = models.CharField(_("country code"), max_length=2, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    # The day of the last newsletter digest sent to this address: never two on one day.
    digest_sent_on = models.DateField(_("last digest sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "topic", "country_code"], name="portal_subscription_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} {self.topic} {self.country_code}".strip()

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class NewsletterDigest(models.Model):
    """One day's newsletter: what it covered, so the next one starts where it ended."""

    day = models.DateField(_("day"), unique=True)
    covers_from = models.DateTimeField(_("covers news published from"))
    covers_until = models.DateTimeField(_("covers news published until"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter digest")
        verbose_name_plural = _("newsletter digests")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)

"""Choices of the portal's content and of its exchanges with the public."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NewsKind(models.TextChoices):
    PRESS_RELEASE = "press_release", _("Press release")
    NEWS_STORY = "news_story", _("News story")
    STATEMENT = "statement", _("Statement")
    REBUTTAL = "rebuttal", _("Rebuttal")


class SpeechKind(models.TextChoices):
    SPEECH = "speech", _("Speech")
    INTERVIEW = "interview", _("Interview")
    ARTICLE = "article", _("Article")


class AdvisoryLevel(models.TextChoices):
    """Ordered from least to most severe. The ministry's three tiers are the last three; the
    order advisory < warning < request is Chancery's reading of the ministry's practice (see
    docs/portal.md)."""

    NORMAL = "normal", _("Exercise normal precautions")
    ADVISORY = "advisory", _("Advisory")
    WARNING = "warning", _("Warning")
    REQUEST = "request", _("Request: do not travel or leave now")


ADVISORY_SEVERITY = {level: rank for rank, level in enumerate(AdvisoryLevel.values)}


class UpdateKind(models.TextChoices):
    MAJOR = "major", _("Major update: subscribers are alerted")
    MINOR = "minor", _("Minor update: no alert")


class TreatyKind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    MULTILATERAL = "multilateral", _("Multilateral")


class TreatyStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    TERMINATED = "terminated", _("Terminated")


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("Question")
    FEEDBACK = "feedback", _("Feedback")


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to a unit")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed without answer")
    SPAM = "spam", _("Spam")


class SubscriptionTopic(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter: news and press releases")
    ADVISORY = "advisory", _("Travel advisory for one country")
    ALL_ADVISORIES = "all_advisories", _("Every travel advisory")


class OutboxKind(models.TextChoices):
    """The steps run after a page is published, in this order."""

    CACHE_PURGE = "cache_purge", _("Cache purge")
    FEEDS = "feeds", _("Feeds and sitemap")
    EMAIL_ALERTS = "email_alerts", _("E-mail alerts")
    FACEBOOK = "facebook", _("Facebook page post")
    X = "x", _("X post")


OUTBOX_ORDER = {kind: position for position, kind in enumerate(OutboxKind.values)}


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Not needed")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")

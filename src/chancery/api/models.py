"""The API layer's own state: rate-limit counters and stored idempotent responses."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """Requests of one caller in one class of endpoint during the current fixed window.

    The table is UNLOGGED (migration 0001): counters are hot, short-lived and worthless after
    a crash, so they skip the write-ahead log; losing them only forgives a minute of requests.
    """

    bucket = models.CharField(_("bucket"), max_length=200, primary_key=True)
    window_start = models.BigIntegerField(_("window start (Unix seconds)"))
    hits = models.PositiveIntegerField(_("hits"))

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")
        indexes = [models.Index(fields=["window_start"], name="api_ratelimit_window")]

    def __str__(self) -> str:
        return f"{self.bucket}: {self.hits}"


class IdempotencyRecord(models.Model):
    """The first response to a POST carrying an ``Idempotency-Key``, replayed to retries."""

    principal = models.CharField(_("caller"), max_length=64)
    key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint (SHA-256)"), max_length=64)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=2000)
    status_code = models.PositiveSmallIntegerField(_("status"))
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    body = models.BinaryField(_("body"))
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["principal", "key"], name="api_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.principal} {self.key} → {self.status_code}"

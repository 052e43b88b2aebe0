"""Personal API tokens: a member of staff's credential for scripts and other systems.

Only a SHA-256 hash of the secret is kept; the secret itself is shown once, when the token is
created. The public ``prefix`` finds the row without scanning hashes and lets people tell their
tokens apart. A token acts as its owner, narrowed to its scopes, and dies on its expiry date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A token cannot outlive this; people renew rather than hold an everlasting credential.
MAX_TOKEN_LIFETIME = timedelta(days=366)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, at: datetime | None = None) -> ApiTokenQuerySet:
        moment = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=moment)


class ApiToken(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash (SHA-256)"), max_length=64, editable=False)
    scopes = ArrayField(models.CharField(max_length=64), verbose_name=_("scopes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal API token")
        verbose_name_plural = _("personal API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_apitoken_owner")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at"))
                & Q(expires_at__lte=F("created_at") + MAX_TOKEN_LIFETIME),
                name="core_apitoken_expiry_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(secret_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="core_apitoken_hash_is_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_expired(self, at: datetime | None = None) -> bool:
        return self.expires_at <= (at or timezone.now())

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_usable(self, at: datetime | None = None) -> bool:
        return not self.is_revoked and not self.is_expired(at)

    @property
    def state(self) -> str:
        """``revoked``, ``expired`` or ``active``, in that order of precedence."""
        if self.is_revoked:
            return "revoked"
        return "expired" if self.is_expired() else "active"

"""Second factors of staff sign-in: TOTP devices, recovery codes, WebAuthn credentials.

Secrets never sit in the clear: a TOTP secret is sealed (AES-GCM, see ``core.sealing``) and a
recovery code is kept only as a keyed hash.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TotpDevice(models.Model):
    """An authenticator app. A user has at most one confirmed and one pending device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="totp_devices",
    )
    sealed_secret = models.BinaryField(_("sealed secret"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The last 30-second step a code was accepted for; a code for this step or an earlier one
    # is a replay and is refused.
    last_used_step = models.BigIntegerField(_("last used time step"), default=0)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(confirmed_at__isnull=False),
                name="core_totp_one_confirmed_per_user",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(confirmed_at__isnull=True),
                name="core_totp_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"TOTP {self.user_id} ({'confirmed' if self.confirmed_at else 'pending'})"


class RecoveryCode(models.Model):
    """A one-time code that replaces the authenticator app once; shown to the user only once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="recovery_codes",
    )
    code_hash = models.CharField(_("code hash"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="core_recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of {self.user_id}"


class WebAuthnCredential(models.Model):
    """A security key or platform authenticator registered through WebAuthn."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="webauthn_credentials",
    )
    name = models.CharField(_("name"), max_length=80)
    credential_id = models.BinaryField(_("credential id"), unique=True, editable=False)
    public_key = models.BinaryField(_("public key (COSE)"), editable=False)
    sign_count = models.BigIntegerField(_("signature counter"), default=0)
    transports = ArrayField(
        models.CharField(max_length=16), verbose_name=_("transports"), default=list, blank=True
    )
    aaguid = models.CharField(_("authenticator model (AAGUID)"), max_length=36, blank=True)
    backed_up = models.BooleanField(_("backed up (passkey)"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("security key")
        verbose_name_plural = _("security keys")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name

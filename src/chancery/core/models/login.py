"""Sign-in attempts and lockouts, kept in PostgreSQL so every web process sees the same count."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginOutcome(models.TextChoices):
    SUCCESS = "success", _("Signed in")
    FAILURE = "failure", _("Wrong credentials")
    MFA_FAILURE = "mfa_failure", _("Wrong second factor")
    LOCKED = "locked", _("Refused: account locked")
    THROTTLED = "throttled", _("Refused: too many attempts from this address")


class LoginAttempt(models.Model):
    """One sign-in attempt. ``username`` is what was typed (case-folded), account or not."""

    username = models.CharField(_("username"), max_length=150)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("time"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=LoginOutcome.choices)

    class Meta:
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")
        indexes = [
            models.Index(fields=["username", "at"], name="core_login_attempt_user"),
            models.Index(fields=["ip", "at"], name="core_login_attempt_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.outcome} {self.at:%Y-%m-%d %H:%M:%S}"


class LoginLock(models.Model):
    """A username refused until ``locked_until``, whether or not an account has that name."""

    username = models.CharField(_("username"), max_length=150)
    locked_at = models.DateTimeField(_("locked at"))
    locked_until = models.DateTimeField(_("locked until"))

    class Meta:
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")
        indexes = [models.Index(fields=["username", "locked_until"], name="core_login_lock_user")]

    def __str__(self) -> str:
        return f"{self.username} until {self.locked_until:%Y-%m-%d %H:%M:%S}"

"""Applicants: citizens and businesses with an account on the public site.

They are not staff: they never get a ``core.User`` (staff sign-in, MFA and the access model
stay untouched). The public site keeps the applicant's id in the session
(``eservices.applicants.session``).
"""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from chancery.eservices.constants import ApplicantKind


class Applicant(models.Model):
    kind = models.CharField(
        _("kind"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    password = models.CharField(max_length=255, blank=True)  # empty: e-ID sign-in only
    full_name = models.CharField(_("full name"), max_length=255)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=32, blank=True)
    id_number = models.CharField(_("identity or passport number"), max_length=32, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default="vi",
        choices=[("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français")],
    )
    sms_opt_in = models.BooleanField(_("status updates by SMS"), default=False)
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    # The e-identity provider's issuer and subject (OIDC), when signed in through it.
    oidc_issuer = models.CharField(max_length=255, blank=True)
    oidc_subject = models.CharField(max_length=255, blank=True)
    # Created at a counter by staff on the applicant's behalf (no password yet).
    created_by_staff = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_login = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="eservices_applicant_email_ci"),
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="eservices_applicant_oidc_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation or self.full_name

    def set_password(self, raw: str) -> None:
        self.password = make_password(raw)

    def check_password(self, raw: str) -> bool:
        return bool(self.password) and check_password(raw, self.password)

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None


class ApplicantToken(models.Model):
    """A one-use, expiring token sent by e-mail: verify the address, reset the password,
    or resume a draft dossier. Only its SHA-256 is stored."""

    class Purpose(models.TextChoices):
        VERIFY = "verify", _("Verify e-mail")
        RESET = "reset", _("Reset password")
        RESUME = "resume", _("Resume a draft")

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="tokens")
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    digest = models.CharField(max_length=64, unique=True)
    dossier = models.ForeignKey(
        "eservices.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"


class SigninThrottle(models.Model):
    """Counts refused attempts per key (a typed e-mail address, a client address, an action)
    so that lockout and rate limits hold across processes and machines. A key is throttled
    whether or not an account exists behind it, so nothing tells the two apart."""

    key = models.CharField(max_length=300, unique=True)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.key

"""Results, payments, notices to applicants and the national portal's sync log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.eservices.constants import (
    CertificateStatus,
    NoticeChannel,
    NoticeStatus,
    PaymentState,
    SyncStatus,
)


class IssuedCertificate(models.Model):
    """A certification or legalisation on the public register: no personal data here."""

    # Procedure short code, unit code (up to 32), year and serial: up to 57 characters.
    number = models.CharField(_("certificate number"), max_length=64, unique=True)
    dossier = models.OneToOneField(
        "eservices.Dossier", on_delete=models.PROTECT, related_name="certificate"
    )
    procedure = models.ForeignKey("eservices.Procedure", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("issued on"))
    signer_name = models.CharField(_("signed by"), max_length=255)
    signer_title = models.CharField(_("title"), max_length=255, blank=True)
    document_type = models.CharField(_("document certified"), max_length=255, blank=True)
    verification_code = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_on", "-number"]

    def __str__(self) -> str:
        return self.number


class NumberSeries(models.Model):
    """Gapless yearly series (dossier codes per unit and day, certificate numbers per unit)."""

    key = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Payment(models.Model):
    dossier = models.ForeignKey(
        "eservices.Dossier", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("payment method"), max_length=32)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="VND")
    state = models.CharField(
        max_length=16, choices=PaymentState.choices, default=PaymentState.CREATED, db_index=True
    )
    # Our reference, quoted on the bank transfer or sent to the gateway; unique.
    reference = models.CharField(max_length=40, unique=True)
    external_id = models.CharField(max_length=128, blank=True)
    receipt_number = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    reconciled_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Every state change with what the gateway said: [{"at", "state", "detail"}].
    log = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # At most one live payment per dossier.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(state__in=["created", "submitted"]),
                name="eservices_payment_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.state})"


class Notice(models.Model):
    """A message to an applicant (e-mail or SMS), sent by a job; one per event and channel."""

    dossier = models.ForeignKey(
        "eservices.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    applicant = models.ForeignKey(
        "eservices.Applicant", on_delete=models.CASCADE, related_name="notices"
    )
    event = models.ForeignKey(
        "eservices.DossierEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=NoticeChannel.choices)
    kind = models.CharField(max_length=48)
    language = models.CharField(max_length=8)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=255, blank=True)
    body = models.TextField()
    status = models.CharField(
        max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel"],
                condition=models.Q(event__isnull=False),
                name="eservices_notice_once_per_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"


class SyncRecord(models.Model):
    """One push to the national portal (dossier, progress or status), in order per dossier."""

    dossier = models.ForeignKey(
        "eservices.Dossier", on_delete=models.CASCADE, related_name="sync_records"
    )
    sequence = models.PositiveIntegerField()
    operation = models.CharField(max_length=32)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=SyncStatus.choices, default=SyncStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    response = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="eservices_sync_sequence"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.operation}"

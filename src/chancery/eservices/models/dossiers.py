"""Dossiers: an application for one procedure version, its files, history and deadlines."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.eservices.constants import (
    STATE_MAP,
    Channel,
    DeliveryMethod,
    State,
    Timeliness,
)


class Dossier(models.Model):
    # Public code, unique, printed on the receipt: ``{UNIT CODE}-{yymmdd}-{seq:04d}``, upper
    # case (``submission.filing.allocate_code``; unit codes have up to 32 characters); empty
    # while a draft.
    code = models.CharField(_("dossier code"), max_length=64, blank=True, db_index=True)
    version = models.ForeignKey(
        "eservices.ProcedureVersion",
        verbose_name=_("procedure version"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant = models.ForeignKey(
        "eservices.Applicant",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # The headquarters department or mission that handles it (its calendar gives the deadlines).
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    state = models.CharField(
        _("state"), max_length=32, choices=State.choices, default=State.DRAFT, db_index=True
    )
    form_data = models.JSONField(_("form answers"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    delivery = models.CharField(
        _("result delivery"),
        max_length=16,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.ACCOUNT,
    )
    postal_address = models.TextField(_("postal address"), blank=True)
    # Submission is idempotent per applicant and key (a double click files one dossier).
    idempotency_key = models.CharField(max_length=64, blank=True)
    # Staff member who filed it at a counter on the applicant's behalf.
    filed_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        "core.User",
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fee = models.DecimalField(_("fee"), max_digits=14, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    # Deadlines (working days on the unit's calendar; see ``eservices.deadlines``).
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    due_on = models.DateField(_("return date"), null=True, blank=True)
    paused_since = models.DateField(null=True, blank=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Timeliness.choices, blank=True
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # Result: the signed document (signing service) and, for certifications, its number.
    # The signing service's document (its pk is a UUID): ``result_document_id`` is the column.
    result_document = models.ForeignKey(
        "signing.SignedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result_verification_code = models.CharField(max_length=64, blank=True)
    # National portal identifiers (``eservices.national``).
    national_receipt_number = models.CharField(max_length=64, blank=True)
    # Satisfaction after completion, 1..5.
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency: staff forms post the revision they saw.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="eservices_dossier_code"
            ),
            models.UniqueConstraint(
                fields=["applicant", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="eservices_dossier_idempotency",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | (models.Q(rating__gte=1) & models.Q(rating__lte=5)),
                name="eservices_dossier_rating_range",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="eservices_dossier_unit_state"),
            models.Index(fields=["due_on"], name="eservices_dossier_due"),
        ]

    def __str__(self) -> str:
        return self.code or f"draft #{self.pk}"

    @property
    def public_status(self) -> str:
        return STATE_MAP[self.state][0]

    @property
    def national_status(self) -> str | None:
        return STATE_MAP[self.state][1]


class DossierFile(models.Model):
    """A file in a slot (dossier component). A supplement adds files in a later round; a
    replaced file stays, marked ``superseded``, so the history keeps what was first sent."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    component = models.CharField(_("component"), max_length=64)
    blob = models.ForeignKey("blobs.Blob", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    round = models.PositiveSmallIntegerField(default=0)
    superseded = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["component", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.component}: {self.filename}"


class DossierEvent(models.Model):
    """The history: who did what and when. ``public`` events are shown to the applicant."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_applicant = models.BooleanField(default=False)
    action = models.CharField(max_length=48)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class SupplementRequest(models.Model):
    """Missing or wrong components, with the reason, sent back to the applicant."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    round = models.PositiveSmallIntegerField()
    requested_by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    # [{"component": "passport", "problem": "missing" | "wrong", "note": "…"}]
    items = models.JSONField(default=list)
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "round"], name="eservices_supplement_round")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} round {self.round}"


class Extension(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="extensions")
    old_due_on = models.DateField()
    new_due_on = models.DateField()
    reason = models.TextField(_("reason"))
    by = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.old_due_on} → {self.new_due_on}"


class ApprovalStep(models.Model):
    """Multi-step approval: each step names a role (and optionally a person) in order."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back")
        REJECTED = "rejected", _("Rejected")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="approvals")
    order = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=32)
    approver = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices, default="pending")
    note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.role}: {self.decision}"

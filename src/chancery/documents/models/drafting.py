"""Drafting and issuing: versions, tracked review comments, the approval chain, recipients."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.documents.constants import ApprovalStage, Decision, DispatchStatus, RecipientKind


class DraftVersion(models.Model):
    """One version of a draft: the file as the drafter uploaded it (DOCX, ODT or PDF) and, for
    issuing, its PDF rendering."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="draft_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.ForeignKey(
        "documents.DocumentFile", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.ForeignKey(
        "documents.DocumentFile",
        verbose_name=_("PDF for signing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("what changed"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_draft_version")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ReviewComment(models.Model):
    """A tracked comment on a draft version: the passage it is about, the remark, resolution."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    quote = models.TextField(_("passage"), blank=True)
    body = models.TextField(_("comment"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.body[:60]


class ApprovalStep(models.Model):
    """One step of a draft's approval chain, in ``order``; ``round`` increases each time the
    draft is sent back and resubmitted, so the history of every round stays."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="approval_steps",
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    order = models.PositiveSmallIntegerField(_("order"))
    stage = models.CharField(_("stage"), max_length=12, choices=ApprovalStage.choices)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    version = models.ForeignKey(
        DraftVersion,
        verbose_name=_("version decided on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "round", "order"], name="documents_approval_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_stage_display()} · {self.get_decision_display()}"


class Recipient(models.Model):
    """Where an outgoing document goes, and how its dispatch went (one row per recipient)."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit or mission"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency_name = models.CharField(_("agency"), max_length=255, blank=True)
    agency_code = models.CharField(_("agency code"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=DispatchStatus.choices, default=DispatchStatus.PENDING
    )
    channel = models.CharField(_("channel"), max_length=30, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Export package path or cover sheet file id: where an operator finds what was sent.
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    # Internal delivery: the incoming document created in the recipient unit's register.
    delivered_as = models.ForeignKey(
        "documents.Document",
        verbose_name=_("delivered as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.unit or self.agency_name or self.get_kind_display())

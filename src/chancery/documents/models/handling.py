"""Routing and handling: assignments to units and people, and the document's activity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.documents.constants import ActivityKind, AssignmentRole, AssignmentStatus


class Assignment(models.Model):
    """A unit (and, once sub-assigned, a person in it) given a role on a document.

    A leader's assignment names a unit; the unit head sub-assigns with ``parent`` set and
    ``assignee`` a specialist of the unit. Deadlines are in working days from the calendar of
    the assigned unit.
    """

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-assigned from"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=12, choices=AssignmentRole.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AssignmentStatus.choices, default=AssignmentStatus.OPEN
    )
    instructions = models.TextField(_("instructions"), blank=True)
    due_date = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["assigned_at"]
        indexes = [models.Index(fields=["unit", "status"], name="documents_assign_unit_status")]

    def __str__(self) -> str:
        return f"{self.document} → {self.unit} ({self.get_role_display()})"


class Activity(models.Model):
    """A comment, progress report, request for an opinion, opinion or result on a document.

    Readable exactly by those who may read the document (no level of its own that could be
    lower). ``target_unit`` is the unit asked for its opinion.
    """

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True)
    target_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("unit asked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    files = models.ManyToManyField(
        "documents.DocumentFile", verbose_name=_("attachments"), blank=True, related_name="+"
    )
    # Machine-readable event details for SYSTEM entries (e.g. {"event": "assigned", ...}).
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.document}"

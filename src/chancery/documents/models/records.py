"""Records management: file plan, disposition, transfers to the archives, declassification,
the copy register of classified documents, saved searches and exchange envelopes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Clearance
from chancery.documents.constants import CopyAction, DeclassificationStatus, EdxmlMessageType


class FilePlanCategory(models.Model):
    """A category of the file plan with its retention period (``None``: permanent)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"), null=True, blank=True, help_text=_("Empty: permanent.")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("file plan category")
        verbose_name_plural = _("file plan")
        ordering = ["code"]

    def __str__(self) -> str:
        language = (get_language() or "vi")[:2]
        return f"{self.code} {getattr(self, f'name_{language}', '') or self.name_vi}"

    @property
    def is_permanent(self) -> bool:
        return self.retention_years is None


class Disposition(models.Model):
    """A batch of records due for disposition (destroy or transfer), approved by an archivist."""

    class Action(models.TextChoices):
        DESTROY = "destroy", _("Destroy")
        TRANSFER = "transfer", _("Transfer to the archives")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Carried out")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents"), related_name="+"
    )
    # Empty: proposed by the system (the periodic job), not by a person.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Transfer: the archive package (a ZIP with manifest and checksums) in the blob store.
    package = models.ForeignKey(
        "blobs.Blob",
        verbose_name=_("archive package"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.get_state_display()}"


class Declassification(models.Model):
    """A request to downgrade or declassify a document, with its reason and approver."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="declassifications",
    )
    from_level = models.PositiveSmallIntegerField(_("from"), choices=Clearance.choices)
    to_level = models.PositiveSmallIntegerField(_("to"), choices=Clearance.choices)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DeclassificationStatus.choices,
        default=DeclassificationStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("declassification")
        verbose_name_plural = _("declassifications")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.document}: {self.get_from_level_display()} → {self.get_to_level_display()}"


class CopyRecord(models.Model):
    """The copy register of classified documents: who viewed, printed, exported or forwarded
    what and when; ``copy_number`` is printed in the watermark of that copy."""

    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="copies",
    )
    file = models.ForeignKey(
        "documents.DocumentFile",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=10, choices=CopyAction.choices)
    copy_number = models.PositiveIntegerField(_("copy number"))
    recipient = models.CharField(_("given to"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("copy register entry")
        verbose_name_plural = _("copy register")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "copy_number"], name="documents_copy_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} #{self.copy_number}"


class SavedSearch(models.Model):
    """A user's saved search; with ``alert``, new matching documents are notified."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    # What is searched: "documents" or "cables" (each app reads only its own).
    scope = models.CharField(_("searches"), max_length=12, default="documents", db_index=True)
    query = models.JSONField(_("query"), default=dict)
    alert = models.BooleanField(_("alert me of new matches"), default=False)
    last_checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ExchangeMessage(models.Model):
    """An edXML envelope (QCVN 102:2016) sent or received about a document."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchange_messages",
    )
    outgoing = models.BooleanField(_("sent by us"))
    message_type = models.CharField(
        _("message type"), max_length=12, choices=EdxmlMessageType.choices
    )
    status = models.CharField(_("status"), max_length=12, blank=True)
    from_code = models.CharField(_("sender code"), max_length=40)
    to_code = models.CharField(_("receiver code"), max_length=40)
    envelope = models.ForeignKey(
        "blobs.Blob", verbose_name=_("envelope"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange message")
        verbose_name_plural = _("exchange messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_message_type_display()} {self.from_code} → {self.to_code}"

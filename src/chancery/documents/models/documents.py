"""Official documents and their files."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Guarded, GuardedQuerySet
from chancery.documents.constants import (
    Direction,
    ExtractionStatus,
    FileRole,
    RecordStatus,
    Status,
    Urgency,
)


class DocumentQuerySet(GuardedQuerySet["Document"]):
    pass


class Document(Guarded):
    """An incoming or outgoing official document.

    Incoming: ``sender_*`` and ``number_symbol`` are as printed by the sender; ``number`` is the
    number in our incoming register. Outgoing: ``number`` and ``number_symbol`` are allocated at
    the moment of signing. ``version`` increases on every change (optimistic concurrency: forms
    carry it and actions refuse a stale one).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("holding unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose register holds the document."),
    )
    document_type = models.ForeignKey(
        "documents.DocumentType",
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    register = models.ForeignKey(
        "documents.Register",
        verbose_name=_("register"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    number = models.PositiveIntegerField(_("number in the register"), null=True, blank=True)
    number_symbol = models.CharField(_("number and symbol"), max_length=80, blank=True)
    subject = models.TextField(_("abstract"))
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    tags = ArrayField(models.CharField(max_length=60), verbose_name=_("tags"), default=list)
    # Incoming: who sent it.
    sender_name = models.CharField(_("sender organisation"), max_length=255, blank=True)
    sender_code = models.CharField(_("sender organisation code"), max_length=40, blank=True)
    sender_unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("sending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signed by"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("receipt acknowledged at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    # Handling
    due_date = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # Outgoing: issuing
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    signed_document = models.ForeignKey(
        "signing.SignedDocument",
        verbose_name=_("signed document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    in_reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    # Records management
    record_status = models.CharField(
        _("record status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.ACTIVE
    )
    file_plan = models.ForeignKey(
        "documents.FilePlanCategory",
        verbose_name=_("file plan category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    declared_at = models.DateTimeField(_("declared a record at"), null=True, blank=True)
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    retain_until = models.DateField(_("retain until"), null=True, blank=True)
    protection_ends = models.DateField(_("classification protected until"), null=True, blank=True)
    # Search: text extracted from derivatives of the files (never from the originals in place),
    # and the weighted vector over metadata and text, maintained by the search module.
    content_text = models.TextField(_("extracted text"), blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Access, denormalised for search (kept by triggers on the three through tables, in the same
    # transaction): ids of the compartments, of the distribution, of the assigned units.
    access_compartments = ArrayField(models.BigIntegerField(), default=list, editable=False)
    access_readers = ArrayField(models.BigIntegerField(), default=list, editable=False)
    access_units = ArrayField(models.BigIntegerField(), default=list, editable=False)
    # Near-duplicate detection: 64-bit SimHash of the normalised text (0: not computed).
    simhash = models.BigIntegerField(_("text fingerprint"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects: ClassVar[DocumentQuerySet] = DocumentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"],
                condition=Q(number__isnull=False),
                name="documents_number_unique_in_register",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(register__isnull=False),
                name="documents_number_needs_register",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="documents_search_gin"),
            GinIndex(fields=["tags"], name="documents_tags_gin"),
            models.Index(fields=["unit", "direction", "status"], name="documents_unit_dir_status"),
            models.Index(fields=["classification"], name="documents_classification"),
        ]

    def __str__(self) -> str:
        return self.number_symbol or self.subject[:80]

    @property
    def is_record(self) -> bool:
        return self.record_status != RecordStatus.ACTIVE


class DocumentFile(models.Model):
    """A file of a document. The blob is the untouched original; extracted text is a
    derivative kept beside it. Classified documents' blobs are encrypted at rest by the blob
    store at the document's level."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    blob = models.ForeignKey(
        "blobs.Blob", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=12, choices=FileRole.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    # From an e-mail: the file this one was attached to.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("extracted from"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
    )
    extraction_method = models.CharField(_("extraction method"), max_length=20, blank=True)
    extraction_error = models.CharField(_("extraction error"), max_length=500, blank=True)
    extracted_text = models.TextField(_("extracted text"), blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # Signatures found on receipt (signing.service.validate): overall verdict ("valid",
    # "invalid", "indeterminate", "unsigned"; empty: not checked) and the report summary.
    signature_verdict = models.CharField(_("signature check"), max_length=16, blank=True)
    signature_report = models.JSONField(_("signature report"), default=dict, blank=True)
    # OCR of a scan in progress: the pages done so far, so that a rerun after a dead worker
    # resumes at the next page (emptied once the text is complete).
    ocr_pages = models.JSONField(_("pages read so far"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.filename

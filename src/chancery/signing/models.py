"""What the signing service keeps: certificates and keys, appearances, signed documents."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import Guarded, GuardedQuerySet
from chancery.signing.constants import (
    AppearanceKind,
    CertificateRole,
    CertificateStatus,
    IssuedStatus,
    KeyStorage,
    PadesLevel,
    RevocationReason,
)


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def usable_for_signing(self) -> CertificateQuerySet:
        now = timezone.now()
        return self.filter(
            role__in=(CertificateRole.PERSON, CertificateRole.SEAL),
            status=CertificateStatus.VALID,
            not_before__lte=now,
            not_after__gt=now,
        ).exclude(key_storage=KeyStorage.NONE)

    def trust_anchors(self) -> CertificateQuerySet:
        return self.filter(trusted=True)


class Certificate(models.Model):
    """An X.509 certificate known to Chancery, with where its private key lives (if here).

    Rows are written by ``signing.actions`` only. ``pem`` never changes; status does.
    """

    role = models.CharField(_("role"), max_length=20, choices=CertificateRole.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=CertificateStatus.choices, default="valid"
    )
    issuer = models.ForeignKey(
        "self",
        verbose_name=_("issuer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued",
    )
    serial = models.CharField(_("serial number (hex)"), max_length=64)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=500)
    common_name = models.CharField(_("common name"), max_length=200)
    pem = models.TextField(_("certificate (PEM)"))
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"), db_index=True)
    # Issued by this installation's internal CA (so it answers OCSP and CRL for it).
    internal = models.BooleanField(_("issued by the internal CA"), default=False)
    # Validation accepts chains that end here.
    trusted = models.BooleanField(_("trust anchor"), default=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    key_storage = models.CharField(
        _("key storage"), max_length=10, choices=KeyStorage.choices, default=KeyStorage.NONE
    )
    # File: path relative to CHANCERY_PKI_DIR. PKCS#11: "token label/key label".
    key_locator = models.CharField(_("key location"), max_length=300, blank=True)
    # Shown in visible signatures: the seal (seal certificates) or the handwritten signature
    # (personal ones), a PNG with transparency. Generated for the demo when not uploaded.
    appearance_image = models.ForeignKey(
        "blobs.Blob",
        verbose_name=_("appearance image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seal_diameter_mm = models.DecimalField(
        _("seal diameter (mm)"), max_digits=4, decimal_places=1, default=36
    )
    pin_failures = models.PositiveSmallIntegerField(_("consecutive wrong PINs"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(
        _("revocation reason"), max_length=30, choices=RevocationReason.choices, blank=True
    )
    # For CAs of the internal PKI: the number of the last CRL published.
    crl_number = models.PositiveBigIntegerField(_("last CRL number"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[CertificateQuerySet] = CertificateQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["role", "common_name"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "serial"], name="signing_cert_issuer_serial"),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="signing_cert_revoked_has_time",
            ),
        ]
        indexes = [models.Index(fields=["role", "status"])]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.get_role_display()})"

    @property
    def is_signing(self) -> bool:
        return self.role in (CertificateRole.PERSON, CertificateRole.SEAL)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class AppearanceProfile(models.Model):
    """Where and how a signature of one kind shows on one type of document.

    Positions are in millimetres from the bottom-left corner of the page; ``page`` counts
    from 1, and negative values count from the end (-1 is the last page).
    """

    document_type = models.CharField(_("document type"), max_length=40)
    kind = models.CharField(_("appearance"), max_length=12, choices=AppearanceKind.choices)
    page = models.SmallIntegerField(_("page"), default=-1)
    x_mm = models.DecimalField(_("left (mm)"), max_digits=6, decimal_places=1, default=110)
    y_mm = models.DecimalField(_("bottom (mm)"), max_digits=6, decimal_places=1, default=40)
    width_mm = models.DecimalField(_("width (mm)"), max_digits=6, decimal_places=1, default=80)
    height_mm = models.DecimalField(_("height (mm)"), max_digits=6, decimal_places=1, default=40)
    show_qr = models.BooleanField(_("show verification QR code"), default=True)

    class Meta:
        verbose_name = _("signature appearance")
        verbose_name_plural = _("signature appearances")
        ordering = ["document_type", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "kind"], name="signing_appearance_type_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type}: {self.get_kind_display()}"


class SignedDocumentQuerySet(GuardedQuerySet["SignedDocument"]):
    pass


class SignedDocument(Guarded):
    """A document Chancery signed, as the public verification page knows it.

    ``blob`` is the latest signed revision; every revision is kept in ``versions`` and never
    changes. What the public page may show is chosen by the issuer in the ``public_*`` fields;
    classified documents show nothing beyond issuer and status.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    issuer_unit = models.ForeignKey(
        "core.Unit", verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="+"
    )
    document_type = models.CharField(_("document type"), max_length=40)
    public_title = models.CharField(_("public title"), max_length=300, blank=True)
    public_number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IssuedStatus.choices, default=IssuedStatus.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    blob = models.ForeignKey(
        "blobs.Blob", verbose_name=_("signed file"), on_delete=models.PROTECT, related_name="+"
    )
    # The app and object this document belongs to, e.g. "documents.outgoing:42".
    source = models.CharField(_("source"), max_length=120, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[SignedDocumentQuerySet] = SignedDocumentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.public_number or self.verification_code


class SignedVersion(models.Model):
    """One immutable revision of a signed document: after a signature or a timestamp."""

    document = models.ForeignKey(
        SignedDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    blob = models.ForeignKey(
        "blobs.Blob", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    # SHA-256 of the plaintext PDF, to recognise an uploaded copy on the public page.
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed revision")
        verbose_name_plural = _("signed revisions")
        ordering = ["document", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["document", "revision"], name="signing_version_rev")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} r{self.revision}"


class Signature(models.Model):
    """A signature or document timestamp that Chancery applied."""

    document = models.ForeignKey(
        SignedDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    version = models.OneToOneField(
        SignedVersion, verbose_name=_("revision"), on_delete=models.PROTECT, related_name="+"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    field_name = models.CharField(_("signature field"), max_length=80)
    level = models.CharField(_("PAdES level"), max_length=6, choices=PadesLevel.choices)
    appearance = models.CharField(_("appearance"), max_length=12, choices=AppearanceKind.choices)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["document", "signed_at"]

    def __str__(self) -> str:
        return f"{self.field_name} ({self.level})"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Signing in progress")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped")


class SigningBatch(models.Model):
    """N documents signed by one signer with one PIN entry, as a background job.

    The PIN is sealed (AES-GCM, bound to the batch id) only while the job runs, and wiped
    when it ends, whatever the outcome.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("PAdES level"), max_length=6, choices=PadesLevel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    sealed_pin = models.BinaryField(_("sealed PIN"), null=True, blank=True, editable=False)
    job_id = models.BigIntegerField(_("job"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing batch")
        verbose_name_plural = _("signing batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.pk)


class SigningBatchItem(models.Model):
    batch = models.ForeignKey(
        SigningBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("position"))
    # A new document (source blob + metadata) or a countersignature on an existing one.
    source = models.ForeignKey(
        "blobs.Blob",
        verbose_name=_("file to sign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        SignedDocument,
        verbose_name=_("signed document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.JSONField(_("signing request"), default=dict)
    error = models.TextField(_("error"), blank=True)
    done_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("batch item")
        verbose_name_plural = _("batch items")
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="signing_batch_item_pos")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} #{self.position}"

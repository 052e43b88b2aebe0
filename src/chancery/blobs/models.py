"""What the database knows about stored files: the blob, and who refers to it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chancery.blobs.constants import FileType
from chancery.core.service import Clearance


class Blob(models.Model):
    """One stored object. ``address`` is the SHA-256 of the bytes in the backend.

    Unclassified content is stored as is, so its address is the digest of the content and
    identical uploads share one row. Classified content is encrypted with its own data key, so
    its address is the digest of the ciphertext: it never reveals the plaintext digest, and two
    uploads of the same classified file are two blobs.
    """

    # Generated before encryption: the ciphertext is bound to it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    address = models.CharField(_("address"), max_length=64, unique=True, editable=False)
    size = models.BigIntegerField(_("size in bytes"))
    stored_size = models.BigIntegerField(_("stored size in bytes"))
    content_type = models.CharField(_("content type"), max_length=127)
    file_type = models.CharField(_("file type"), max_length=16, choices=FileType.choices)
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Clearance.choices, default=Clearance.UNCLASSIFIED
    )
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Envelope encryption (classified only): the data key wrapped by the level's KEK version.
    encryption_scheme = models.CharField(_("encryption scheme"), max_length=40, blank=True)
    wrapped_key = models.BinaryField(_("wrapped data key"), null=True, blank=True)
    key_version = models.PositiveIntegerField(_("key version"), null=True, blank=True)
    nonce = models.BinaryField(_("nonce prefix"), null=True, blank=True)
    # Authenticated with the content: the object the ciphertext belongs to.
    aad_object_type = models.CharField(_("bound object type"), max_length=80, blank=True)
    aad_object_id = models.CharField(_("bound object id"), max_length=64, blank=True)
    aad_object_version = models.PositiveIntegerField(_("bound object version"), default=0)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [
            models.CheckConstraint(
                condition=Q(classification__gte=0) & Q(classification__lte=3),
                name="blobs_blob_classification_range",
            ),
            models.CheckConstraint(
                condition=Q(address__regex=r"^[0-9a-f]{64}$"), name="blobs_blob_address_hex"
            ),
            # Classified content is never stored in clear, and clear content has no key.
            models.CheckConstraint(
                condition=(
                    Q(classification=0, wrapped_key__isnull=True, key_version__isnull=True)
                    | Q(
                        classification__gt=0,
                        wrapped_key__isnull=False,
                        key_version__isnull=False,
                        nonce__isnull=False,
                    )
                ),
                name="blobs_blob_encrypted_iff_classified",
            ),
        ]
        indexes = [
            models.Index(fields=["classification", "key_version"], name="blobs_blob_level_key"),
        ]

    def __str__(self) -> str:
        return self.address[:16]

    @property
    def is_encrypted(self) -> bool:
        return self.wrapped_key is not None


class BlobRef(models.Model):
    """An owner (any object of any app, by type and id) points at a blob under a label.

    A blob with no reference is an orphan: garbage collection removes it after a grace period.
    """

    blob = models.ForeignKey(
        Blob, verbose_name=_("stored file"), on_delete=models.PROTECT, related_name="refs"
    )
    owner_type = models.CharField(_("owner type"), max_length=80)
    owner_id = models.CharField(_("owner id"), max_length=64)
    owner_version = models.PositiveIntegerField(_("owner version"), default=0)
    label = models.CharField(_("label"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("attached at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attached by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("file reference")
        verbose_name_plural = _("file references")
        constraints = [
            models.UniqueConstraint(
                fields=["blob", "owner_type", "owner_id", "owner_version", "label"],
                name="blobs_ref_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="blobs_ref_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_type}:{self.owner_id}@{self.owner_version} → {self.blob}"

"""The audit chain: append-only, hash-chained, one row per security-relevant event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import Clearance


class AuditEntry(models.Model):
    """One event. ``seq`` is gapless; ``hash`` covers this row's content and ``prev_hash``."""

    seq = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept verbatim so the entry stays meaningful after the account is renamed or removed.
    actor_label = models.CharField(_("actor"), max_length=255, blank=True)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    # Searched through the (object_type, object_id) index below.
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Clearance.choices, default=Clearance.UNCLASSIFIED
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="core_audit_object"),
            # The audit search filters by actor and pages by seq.
            models.Index(fields=["actor_label", "seq"], name="core_audit_actor_seq"),
        ]
        # A constraint, not ``unique=True``: that would add a LIKE index nobody uses to every
        # append.
        constraints = [models.UniqueConstraint(fields=["hash"], name="core_audit_hash_unique")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditCheckpoint(models.Model):
    """A signed statement that the chain's entry ``seq`` had hash ``head_hash``.

    The same statement is written as a file outside the database; ``chancery audit verify``
    compares both with the chain, so a chain rewritten or cut after ``seq`` is detected even
    by someone who can change every row of the database.
    """

    seq = models.BigIntegerField(_("sequence"), unique=True, editable=False)
    head_hash = models.CharField(_("head hash"), max_length=64, editable=False)
    created = models.DateTimeField(_("created"), editable=False)
    # SHA-256 of the raw Ed25519 public key, hex.
    key_id = models.CharField(_("key fingerprint"), max_length=64, editable=False)
    signature = models.CharField(_("signature"), max_length=128, editable=False)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"checkpoint #{self.seq} {self.head_hash[:12]}"

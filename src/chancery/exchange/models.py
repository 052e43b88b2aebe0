"""Store-and-forward messaging between Chancery instances (headquarters and missions).

Each instance has a code and an Ed25519 key. A message to a peer instance is queued in the
sender's transaction with the next sequence number of that link; a job pushes the queue in
order over HTTP; the receiver accepts a message only in sequence, hands it to the handler of
its kind in the same transaction as it records it, and answers with a receipt signed by its
own key. The message id travels end to end, so a resent message is recognised and answered
with the same receipt: every message arrives exactly once, in order.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Peer(models.Model):
    """Another Chancery instance this one exchanges messages with.

    ``units``: the units whose people work on that instance (a mission's instance serves the
    mission); ``default_route``: the peer that serves every unit not served here or by another
    peer (headquarters, seen from a mission). ``out_seq`` is the last sequence number given to
    a message for this peer, ``in_seq`` the last one accepted from it.
    """

    code = models.SlugField(_("instance code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    base_url = models.URLField(_("address"), help_text=_("Where the peer's Chancery answers."))
    public_key = models.CharField(
        _("public key"), max_length=100, help_text=_("The peer's Ed25519 key, base64.")
    )
    units = models.ManyToManyField(
        "core.Unit", verbose_name=_("units served"), blank=True, related_name="+"
    )
    default_route = models.BooleanField(_("serves every other unit"), default=False)
    active = models.BooleanField(_("active"), default=True)
    out_seq = models.PositiveBigIntegerField(_("last sequence number sent"), default=0)
    in_seq = models.PositiveBigIntegerField(_("last sequence number received"), default=0)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("peer instance")
        verbose_name_plural = _("peer instances")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["default_route"],
                condition=Q(default_route=True),
                name="exchange_one_default_route",
            )
        ]

    def __str__(self) -> str:
        return self.code


class OutboundMessage(models.Model):
    """A message queued for a peer; ``delivered_at`` and ``receipt`` come from its signed
    receipt."""

    id = models.UUIDField(_("message id"), primary_key=True, default=uuid.uuid4, editable=False)
    peer = models.ForeignKey(
        Peer, verbose_name=_("peer"), on_delete=models.PROTECT, related_name="outbox"
    )
    seq = models.PositiveBigIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=40)
    payload = models.JSONField(_("payload"))
    sha256 = models.CharField(_("SHA-256 of the payload"), max_length=64)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    first_sent_at = models.DateTimeField(_("first sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    receipt = models.JSONField(_("signed receipt"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["peer", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["peer", "seq"], name="exchange_outbound_seq")
        ]
        indexes = [
            models.Index(
                fields=["peer", "seq"],
                condition=Q(delivered_at__isnull=True),
                name="exchange_outbound_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.peer_id}#{self.seq} {self.kind}"


class InboundMessage(models.Model):
    """A message accepted from a peer (handled in the transaction that recorded it)."""

    id = models.UUIDField(_("message id"), primary_key=True, editable=False)
    peer = models.ForeignKey(
        Peer, verbose_name=_("peer"), on_delete=models.PROTECT, related_name="inbox"
    )
    seq = models.PositiveBigIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=40)
    sha256 = models.CharField(_("SHA-256 of the payload"), max_length=64)
    received_at = models.DateTimeField(_("received at"))
    receipt = models.JSONField(_("signed receipt"))

    class Meta:
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        ordering = ["peer", "seq"]
        constraints = [models.UniqueConstraint(fields=["peer", "seq"], name="exchange_inbound_seq")]

    def __str__(self) -> str:
        return f"{self.peer_id}#{self.seq} {self.kind}"

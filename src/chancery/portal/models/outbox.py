"""The dissemination outbox: the ordered steps that follow the publication of a revision."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.portal.constants import OutboxKind, OutboxStatus


class OutboxStep(models.Model):
    """One step (cache purge, feeds, e-mail alerts, Facebook, X) for one published revision.

    Unique per revision and kind, so that publishing is disseminated once however often the
    job runs; ``external_id`` keeps what the network answered (the post's id)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="portal_outbox_steps"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("step"), max_length=16, choices=OutboxKind.choices)
    position = models.PositiveSmallIntegerField()
    status = models.CharField(
        _("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    external_id = models.CharField(_("identifier at the network"), max_length=200, blank=True)
    # What the step did or why it was not needed, in a few words, for the editor's view.
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dissemination step")
        verbose_name_plural = _("dissemination steps")
        ordering = ["revision_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "kind"], name="portal_outbox_once")
        ]

    def __str__(self) -> str:
        return f"{self.revision_id}/{self.kind}: {self.status}"


class SocialToken(models.Model):
    """The OAuth 2.0 tokens of one network account, sealed at rest (``core.sealing``), for a
    network whose access tokens expire and are renewed with a refresh token (X's last two
    hours). Written when an administrator connects the account (CMS, or ``chancery
    portal-x-token``) and by each renewal, read by the adapter."""

    network = models.CharField(_("network"), max_length=16, unique=True)
    account = models.CharField(_("account"), max_length=100, blank=True)
    access_token = models.BinaryField(_("access token (sealed)"))
    refresh_token = models.BinaryField(_("refresh token (sealed)"))
    expires_at = models.DateTimeField(_("access token expires at"))
    renewed_at = models.DateTimeField(_("renewed at"), auto_now=True)

    class Meta:
        verbose_name = _("social network token")
        verbose_name_plural = _("social network tokens")

    def __str__(self) -> str:
        return f"{self.network} (expires {self.expires_at:%Y-%m-%d %H:%M})"

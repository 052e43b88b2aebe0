"""The procedure catalogue: procedures, their versions, and each version's form as data.

A published version is never edited: changes make a new version, and a dossier keeps the
version it was filed under (``Dossier.version``). Channels, dossier components and steps are
kept as JSON on the version, validated by ``eservices.catalogue.schema`` when saved through the
actions, so that a version is one immutable snapshot.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chancery.eservices.constants import ServiceLevel, VersionStatus


def _pick(obj: Any, stem: str) -> str:
    """The text of ``stem`` in the current language, falling back to Vietnamese."""
    language = (get_language() or "vi")[:2]
    return str(getattr(obj, f"{stem}_{language}", "") or getattr(obj, f"{stem}_vi"))


class ProcedureField(models.Model):
    """A field (lĩnh vực) of the national catalogue: consular, diplomatic passports, …"""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _pick(self, "name")


class Procedure(models.Model):
    """An administrative procedure, identified by its national catalogue code."""

    code = models.CharField(_("national catalogue code"), max_length=32, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    field = models.ForeignKey(
        ProcedureField, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures"
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=500, blank=True)
    # Certification and legalisation results go on the public certificate register.
    public_register = models.BooleanField(_("results on the public register"), default=False)
    # Short code used in dossier codes and certificate numbers (e.g. "HPH" for legalisation).
    short_code = models.CharField(_("short code"), max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _pick(self, "name")


class ProcedureVersion(models.Model):
    """One version of a procedure: everything an applicant must know, and its form.

    JSON shapes (validated by ``eservices.catalogue.schema``):
    - ``channels``: ``[{"channel": "online", "working_days": 5, "fee": 30000,
      "currency": "VND", "fee_note_vi": "…", "fee_note_en": "…"}]``
    - ``components``: ``[{"code": "passport", "name_vi": "…", "name_en": "…", "name_fr": "…",
      "kind": "original", "count": 1, "required": true, "max_files": 3}]``
    - ``steps``: ``[{"vi": "…", "en": "…", "fr": "…"}]``
    - ``form_schema``: see ``eservices.forms.engine`` (fields, conditions, file slots).
    - ``unconfirmed``: names of values that could not be confirmed against a published source.
    """

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    level = models.CharField(
        _("level of online service"), max_length=16, choices=ServiceLevel.choices
    )
    agencies = models.ManyToManyField(
        "core.Unit",
        verbose_name=_("implementing agencies"),
        related_name="procedure_versions",
        blank=True,
    )
    # Agencies that are not units of the ministry ("Provincial Department of Foreign Affairs").
    other_agencies = models.JSONField(_("other implementing agencies"), default=list, blank=True)
    channels = models.JSONField(_("channels, time limits and fees"), default=list)
    components = models.JSONField(_("dossier components"), default=list)
    steps = models.JSONField(_("steps"), default=list)
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    form_schema = models.JSONField(_("form"), default=dict, blank=True)
    # The template of the result document (``eservices.results``), by name.
    result_template = models.CharField(_("result template"), max_length=64, blank=True)
    source_url = models.URLField(_("published source"), max_length=500, blank=True)
    unconfirmed = models.JSONField(_("values not confirmed"), default=list, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure__code", "-number"]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="eservices_version_unique_number"
            ),
            # One published version per procedure at a time.
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(status="published"),
                name="eservices_version_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    def channel(self, channel: str) -> dict[str, Any] | None:
        """The channel entry (time limit, fee) for ``channel``, or None if not offered."""
        return next((c for c in self.channels if c.get("channel") == channel), None)

    def component(self, code: str) -> dict[str, Any] | None:
        return next((c for c in self.components if c.get("code") == code), None)

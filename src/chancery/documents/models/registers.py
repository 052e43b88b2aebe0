"""Document types and registers (sổ đăng ký văn bản): one per unit, direction and year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chancery.documents.constants import Direction


class DocumentType(models.Model):
    """An administrative document type, configurable in the admin (seeded with the 29 types of
    the rules on clerical work). ``number_pattern`` composes the number/symbol."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    number_pattern = models.CharField(
        _("number/symbol pattern"),
        max_length=60,
        help_text=_("Placeholders: {number}, {type}, {ministry}, {unit}."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "vi")[:2]
        return str(getattr(self, f"name_{language}", "") or self.name_vi)


class Register(models.Model):
    """The incoming or outgoing register of a unit (or mission) for one calendar year.

    ``last_number`` is the last number given; allocation locks the row (``SELECT ... FOR
    UPDATE``) inside the transaction that registers or issues the document, so numbers are
    consecutive and a rolled-back transaction gives its number back.
    """

    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        ordering = ["-year", "unit__code", "direction"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "direction", "year"], name="documents_register_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_direction_display()} · {self.year}"

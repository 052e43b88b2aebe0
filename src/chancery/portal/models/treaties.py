"""Treaties the country has signed: the list state portals must publish (fed later by the
foreign-affairs data warehouse; entered by editors until then)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from chancery.portal.constants import TreatyKind, TreatyStatus


class Treaty(TranslatableMixin, index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(_("kind"), max_length=16, choices=TreatyKind.choices)
    parties = models.CharField(_("parties"), max_length=500)
    signed_on = models.DateField(_("signed on"))
    signed_at = models.CharField(_("place of signature"), max_length=200, blank=True)
    in_force_on = models.DateField(_("entered into force on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=TreatyStatus.choices, default=TreatyStatus.SIGNED
    )
    # Set when the warehouse feeds the list: the treaty's identifier there.
    external_id = models.CharField(_("identifier in the warehouse"), max_length=64, blank=True)

    panels: ClassVar[list[Any]] = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("parties"),
        FieldPanel("signed_on"),
        FieldPanel("signed_at"),
        FieldPanel("in_force_on"),
        FieldPanel("status"),
    ]
    search_fields: ClassVar[list[Any]] = [
        index.SearchField("title"),
        index.SearchField("parties"),
        index.FilterField("locale_id"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        SynchronizedField("kind"),
        SynchronizedField("signed_on"),
        SynchronizedField("in_force_on"),
        SynchronizedField("status"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("treaty")
        verbose_name_plural = _("treaties")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.title

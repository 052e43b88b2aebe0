"""Countries, the missions abroad, and the travel advisory of each country."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from chancery.portal import blocks
from chancery.portal.advisory_form import AdvisoryPageForm
from chancery.portal.constants import AdvisoryLevel, UpdateKind
from chancery.portal.models.pages import ListingPage

COUNTRY_CODE_HELP = _("ISO 3166-1 alpha-2 code, e.g. FR, JP, US.")


class CountryIndexPage(ListingPage):
    """Countries and territories, each with its relations and the missions there."""

    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.CountryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("countries section")

    def listed(self) -> models.QuerySet[Page]:
        return self.get_children().live().public().specific().order_by("title")


class CountryPage(Page):
    """A country: relations with it, and (as children) the missions there."""

    country_code = models.CharField(_("country code"), max_length=2, help_text=COUNTRY_CODE_HELP)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = StreamField(blocks.body_blocks(), verbose_name=_("relations"), blank=True)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("country_code"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("country_code"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [SynchronizedField("country_code")]
    parent_page_types: ClassVar[list[str]] = ["portal.CountryIndexPage"]
    subpage_types: ClassVar[list[str]] = ["portal.MissionPage"]

    class Meta:
        verbose_name = _("country page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``missions``: the live mission pages under this country, in the editors' order."""
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["missions"] = list(MissionPage.objects.child_of(self).live().public())
        return context


class MissionPage(Page):
    """An embassy, consulate-general or permanent mission: how to reach it and what it does.
    ``unit`` links it to the organisation data (the mission's unit in the platform)."""

    unit = models.ForeignKey(
        "core.Unit",
        verbose_name=_("mission in the organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    head_of_mission = models.CharField(_("head of mission"), max_length=200, blank=True)
    consular_district = models.TextField(_("consular district"), blank=True)
    services = RichTextField(_("services"), blank=True, features=blocks.RICH_FEATURES)
    body = StreamField(blocks.body_blocks(), verbose_name=_("local news and notices"), blank=True)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("unit"),
        MultiFieldPanel(
            [
                FieldPanel("head_of_mission"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("hours"),
                FieldPanel("consular_district"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("services"),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("address"),
        index.SearchField("head_of_mission"),
        index.SearchField("services"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        SynchronizedField("unit"),
        SynchronizedField("phone"),
        SynchronizedField("email"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.CountryPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("mission page")


class AdvisoryIndexPage(ListingPage):
    """Travel advice for every country, with each one's level."""

    feed_section = "advisories"
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.AdvisoryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("travel advisories section")

    def listed(self) -> models.QuerySet[Page]:
        return self.get_children().live().public().specific().order_by("title")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from chancery.portal.advisories import index_context

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class AdvisoryPage(Page):
    """The travel advisory of one country: one edition, versioned by Wagtail's revisions.

    Each publication is recorded as an ``AdvisoryUpdate`` (major or minor, with its change
    note); only a major update alerts subscribers."""

    country_code = models.CharField(_("country code"), max_length=2, help_text=COUNTRY_CODE_HELP)
    level = models.CharField(
        _("advisory level"),
        max_length=16,
        choices=AdvisoryLevel.choices,
        default=AdvisoryLevel.NORMAL,
    )
    summary = models.TextField(_("summary"), max_length=600)
    sections = StreamField([("section", blocks.AdvisorySectionBlock())], verbose_name=_("sections"))
    update_kind = models.CharField(
        _("this update is"),
        max_length=8,
        choices=UpdateKind.choices,
        default=UpdateKind.MINOR,
        help_text=_("Major: the risk or the advice changed; subscribers get an e-mail."),
    )
    change_note = models.CharField(
        _("what changed"),
        max_length=400,
        help_text=_("Shown to readers in the list of updates, and in the alert."),
    )

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("country_code"),
        FieldPanel("level"),
        FieldPanel("summary"),
        FieldPanel("sections"),
        MultiFieldPanel(
            [FieldPanel("update_kind"), FieldPanel("change_note")], heading=_("This update")
        ),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("sections"),
        index.FilterField("country_code"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        SynchronizedField("country_code"),
        SynchronizedField("level"),
        SynchronizedField("update_kind"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.AdvisoryIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    # Each edit starts as a minor update: the editor chooses "major" deliberately every time.
    base_form_class = AdvisoryPageForm

    class Meta:
        verbose_name = _("travel advisory")
        verbose_name_plural = _("travel advisories")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from chancery.portal.advisories import page_context

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(page_context(self))
        return context


class AdvisoryUpdate(models.Model):
    """One published edition of a country's advisory in one language (its revision, level and
    change note): the list of updates readers see, the Atom feed of the country, and the
    source of subscriber alerts (major updates only, sent once)."""

    page = models.ForeignKey(AdvisoryPage, on_delete=models.CASCADE, related_name="updates")
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=UpdateKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=AdvisoryLevel.choices)
    note = models.CharField(_("what changed"), max_length=400)
    alerts_sent_at = models.DateTimeField(_("alerts sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("advisory update")
        verbose_name_plural = _("advisory updates")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.page_id} {self.published_at:%Y-%m-%d %H:%M} {self.kind}"


class AdvisoryAlert(models.Model):
    """One alert e-mailed to one subscription for one major update: the proof that it was sent.

    ``change`` is the major change the alert tells of: the update itself in the source
    language, or the source-language major update a translated edition follows. The unique
    constraints make a second send impossible, for the same update or for the same change
    reached through another language's edition (see docs/portal-advisories.md)."""

    update = models.ForeignKey(AdvisoryUpdate, on_delete=models.CASCADE, related_name="alerts")
    change = models.ForeignKey(AdvisoryUpdate, on_delete=models.CASCADE, related_name="+")
    subscription = models.ForeignKey(
        "portal.Subscription", on_delete=models.CASCADE, related_name="advisory_alerts"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("advisory alert")
        verbose_name_plural = _("advisory alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "subscription"], name="portal_advisoryalert_once_per_update"
            ),
            models.UniqueConstraint(
                fields=["change", "subscription"], name="portal_advisoryalert_once_per_change"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.update_id} -> {self.subscription_id}"

"""The portal's page types: the home page, section listings and what they list.

Every page type is translatable through wagtail-localize (Wagtail pages are). Fields that are
the same in every language (dates, numbers, codes) are synchronised, not translated: see
``override_translatable_fields``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from chancery.portal import blocks
from chancery.portal.constants import NewsKind, QuestionStatus, SpeechKind, TreatyKind

PAGE_SIZE = 20
# How many news items and briefings the home page shows.
HOME_NEWS = 6
HOME_BRIEFINGS = 4


def reserved_slug_error(slug: str, parent: Page | None) -> ValidationError | None:
    """The error for a page directly under a home page whose slug is one of the portal's own
    routes (``/vi/search/``...): Wagtail would never serve such a page."""
    from chancery.portal.urls import RESERVED_SLUGS

    if parent is None or slug not in RESERVED_SLUGS:
        return None
    if not isinstance(parent.specific_deferred, HomePage):
        return None
    return ValidationError(
        _("The address “%(slug)s” is reserved for the portal's own pages; choose another slug."),
        code="reserved_slug",
        params={"slug": slug},
    )


class HomeChildPageForm(WagtailAdminPageForm):
    """The editor's form of a page that may sit under a home page: refuses a reserved slug when
    the page is created (the page itself cannot know its parent before it is in the tree)."""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        if self.instance.pk is None:
            error = reserved_slug_error(cleaned.get("slug") or "", self.parent_page)
            if error is not None:
                self.add_error("slug", error)
        return cleaned


class HomeChildMixin:
    """Refuses a reserved slug on a page under a home page (editing, moving, code)."""

    base_form_class = HomeChildPageForm

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        page: Page = self
        parent = page.get_parent() if page.path else None
        error = reserved_slug_error(page.slug, parent)
        if error is not None:
            raise ValidationError({"slug": error})


class ListingPage(HomeChildMixin, Page):
    """A section's front page: its live children, newest first, paginated (``?page=N``)."""

    intro = RichTextField(_("introduction"), blank=True, features=blocks.RICH_FEATURES)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    search_fields: ClassVar[list[Any]] = [*Page.search_fields, index.SearchField("intro")]
    # The feed of this section (``portal:feed``); empty when the section has none.
    feed_section: ClassVar[str] = ""

    class Meta:
        abstract = True

    def listed(self) -> models.QuerySet[Page]:
        """The live, public children of this section, newest first."""
        return self.get_children().live().public().specific().order_by("-first_published_at")

    def paginate(self, request: HttpRequest) -> PaginatorPage[Any]:
        return Paginator(self.listed(), PAGE_SIZE).get_page(request.GET.get("page"))

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["items"] = self.paginate(request)
        return context


class ArticlePage(Page):
    """What every dated article shares: a date, a summary, a lead image and a body."""

    date = models.DateTimeField(
        _("date shown"),
        default=timezone.now,
        help_text=_("The date readers see; the page goes live when it is published."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: shown in listings, feeds, search and social posts."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("lead image alternative text"),
        max_length=255,
        blank=True,
        help_text=_("What the lead image shows, for people who cannot see it."),
    )
    body = StreamField(blocks.body_blocks(), verbose_name=_("body"), blank=True)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Lead image")),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        SynchronizedField("date"),
        SynchronizedField("image"),
    ]

    class Meta:
        abstract = True


class NewsPage(ArticlePage):
    kind = models.CharField(
        _("kind"), max_length=32, choices=NewsKind.choices, default=NewsKind.NEWS_STORY
    )

    content_panels: ClassVar[list[Any]] = [
        *ArticlePage.content_panels[:1],
        FieldPanel("kind"),
        *ArticlePage.content_panels[1:],
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("kind"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.NewsIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class NewsIndexPage(ListingPage):
    feed_section = "news"
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.NewsPage"]

    class Meta:
        verbose_name = _("news section")


class BriefingPage(ArticlePage):
    """The spokesperson's regular press briefing: announcements, then numbered questions."""

    number = models.PositiveIntegerField(_("briefing number"), null=True, blank=True)
    spokesperson = models.CharField(_("spokesperson"), max_length=200)
    questions = StreamField(
        [("question", blocks.BriefingQuestionBlock())],
        verbose_name=_("questions and answers"),
        blank=True,
    )

    content_panels: ClassVar[list[Any]] = [
        *ArticlePage.content_panels[:1],
        FieldPanel("number"),
        FieldPanel("spokesperson"),
        *ArticlePage.content_panels[1:],
        FieldPanel("questions"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *ArticlePage.search_fields,
        index.SearchField("spokesperson"),
        index.SearchField("questions"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("number"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.BriefingIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("press briefing")
        verbose_name_plural = _("press briefings")


class BriefingIndexPage(ListingPage):
    feed_section = "briefings"
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.BriefingPage"]

    class Meta:
        verbose_name = _("press briefings section")


class SpeechPage(ArticlePage):
    kind = models.CharField(
        _("kind"), max_length=32, choices=SpeechKind.choices, default=SpeechKind.SPEECH
    )
    speaker = models.CharField(_("speaker"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)

    content_panels: ClassVar[list[Any]] = [
        *ArticlePage.content_panels[:1],
        FieldPanel("kind"),
        FieldPanel("speaker"),
        FieldPanel("place"),
        *ArticlePage.content_panels[1:],
    ]
    search_fields: ClassVar[list[Any]] = [*ArticlePage.search_fields, index.SearchField("speaker")]
    override_translatable_fields: ClassVar[list[Any]] = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("kind"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.SpeechIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("speech or interview")
        verbose_name_plural = _("speeches and interviews")


class SpeechIndexPage(ListingPage):
    feed_section = "speeches"
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.SpeechPage"]

    class Meta:
        verbose_name = _("speeches section")


class ActivityPage(ArticlePage):
    """An activity of a ministry leader, with its time and place (the calendar and iCal feed)."""

    leader = models.CharField(_("leader"), max_length=200)
    leader_position = models.CharField(_("leader's position"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)

    content_panels: ClassVar[list[Any]] = [
        *ArticlePage.content_panels[:1],
        MultiFieldPanel(
            [
                FieldPanel("leader"),
                FieldPanel("leader_position"),
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("location"),
            ],
            heading=_("Activity"),
        ),
        *ArticlePage.content_panels[1:],
    ]
    search_fields: ClassVar[list[Any]] = [
        *ArticlePage.search_fields,
        index.SearchField("leader"),
        index.SearchField("location"),
        index.FilterField("starts_at"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [
        *ArticlePage.override_translatable_fields,
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.ActivityIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("leaders' activity")
        verbose_name_plural = _("leaders' activities")


class ActivityIndexPage(ListingPage):
    feed_section = "activities"
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.ActivityPage"]

    class Meta:
        verbose_name = _("leaders' activities section")

    def listed(self) -> models.QuerySet[Page]:
        return ActivityPage.objects.child_of(self).live().public().order_by("-starts_at")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``upcoming``: what is announced, soonest first; ``items``: past activities, latest
        first, paginated."""
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["upcoming"] = list(self.listed().filter(starts_at__gte=now).order_by("starts_at"))
        past = self.listed().filter(starts_at__lt=now)
        context["items"] = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class PolicyPage(ArticlePage):
    """A policy or position of the country on a subject."""

    topic = models.CharField(_("topic"), max_length=200, blank=True)

    content_panels: ClassVar[list[Any]] = [
        *ArticlePage.content_panels[:1],
        FieldPanel("topic"),
        *ArticlePage.content_panels[1:],
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.PolicyIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("policy or position")
        verbose_name_plural = _("policies and positions")


class PolicyIndexPage(ListingPage):
    feed_section = "policy"
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.PolicyPage"]

    class Meta:
        verbose_name = _("policy section")


class TreatyListPage(ListingPage):
    """The published list of treaties the country has signed (the ``Treaty`` snippets)."""

    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("treaty list")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``items``: the treaties in the page's language, newest first, filtered by
        ``?kind=`` (bilateral or multilateral; anything else shows all)."""
        from chancery.portal.models.treaties import Treaty

        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("kind", "")
        treaties = Treaty.objects.filter(locale_id=self.locale_id).order_by("-signed_on", "pk")
        if kind in TreatyKind.values:
            treaties = treaties.filter(kind=kind)
        else:
            kind = ""
        context.update(
            items=Paginator(treaties, PAGE_SIZE).get_page(request.GET.get("page")),
            kind=kind,
            kind_label=dict(TreatyKind.choices).get(kind, ""),
            kinds=TreatyKind.choices,
        )
        return context


class ServiceInfoPage(Page):
    """Information on a consular or administrative service, linked to its procedure in the
    e-services catalogue (fee, time limit and the way to apply online come from there)."""

    procedure_code = models.CharField(
        _("procedure code"),
        max_length=64,
        blank=True,
        help_text=_("The national catalogue code of the procedure, e.g. 1.005129."),
    )
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(blocks.body_blocks(), verbose_name=_("body"), blank=True)

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("procedure_code"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    override_translatable_fields: ClassVar[list[Any]] = [SynchronizedField("procedure_code")]
    parent_page_types: ClassVar[list[str]] = ["portal.ServiceIndexPage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("service information")
        verbose_name_plural = _("service information pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``procedure``: fee, time limit and the way to apply, from the e-services catalogue
        (None when the code is empty or no version of it is in force)."""
        from chancery.eservices.service import procedure_for_portal

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["procedure"] = procedure_for_portal(self.procedure_code)
        return context


class HotlinePage(HomeChildMixin, Page):
    """Citizen-protection hotlines: whom to call, where, when."""

    intro = RichTextField(_("introduction"), blank=True, features=blocks.RICH_FEATURES)
    hotlines = StreamField([("hotline", blocks.HotlineBlock())], verbose_name=_("hotlines"))

    content_panels: ClassVar[list[Any]] = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hotlines"),
    ]
    search_fields: ClassVar[list[Any]] = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("hotlines"),
    ]
    parent_page_types: ClassVar[list[str]] = ["portal.ServiceIndexPage", "portal.HomePage"]
    subpage_types: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("citizen-protection hotlines")


class ServiceIndexPage(ListingPage):
    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = ["portal.ServiceInfoPage", "portal.HotlinePage"]

    class Meta:
        verbose_name = _("services section")

    def listed(self) -> models.QuerySet[Page]:
        return self.get_children().live().public().specific().order_by("path")


class QuestionsPage(ListingPage):
    """The public's questions answered and published by the ministry, and the way to ask."""

    parent_page_types: ClassVar[list[str]] = ["portal.HomePage"]
    subpage_types: ClassVar[list[str]] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("questions and answers")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``items``: the answered questions published in the page's language, latest first."""
        from chancery.portal.models.public import PublicQuestion

        context = super().get_context(request, *args, **kwargs)
        questions = (
            PublicQuestion.objects.filter(
                published=True,
                status=QuestionStatus.ANSWERED,
                language=self.locale.language_code,
            )
            .select_related("topic")
            .order_by("-answered_at", "-pk")
        )
        context["items"] = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
        return context


class HomePage(Page):
    """The portal's front page (one per language, translations of each other)."""

    intro = RichTextField(_("introduction"), blank=True, features=blocks.RICH_FEATURES)

    content_panels: ClassVar[list[Any]] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    subpage_types: ClassVar[list[str]] = [
        "portal.NewsIndexPage",
        "portal.BriefingIndexPage",
        "portal.SpeechIndexPage",
        "portal.ActivityIndexPage",
        "portal.PolicyIndexPage",
        "portal.TreatyListPage",
        "portal.CountryIndexPage",
        "portal.AdvisoryIndexPage",
        "portal.ServiceIndexPage",
        "portal.HotlinePage",
        "portal.QuestionsPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The latest news and briefings of this language, and the sections they link to."""
        from chancery.portal.models.places import AdvisoryIndexPage

        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        sections = {p.specific_class: p for p in self.get_children().live().public()}
        news = (
            NewsPage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("-first_published_at")[:HOME_NEWS]
        )
        briefings = BriefingPage.objects.descendant_of(self).live().public()
        context.update(
            latest_news=list(news),
            latest_briefings=list(briefings.order_by("-first_published_at")[:HOME_BRIEFINGS]),
            news_section=sections.get(NewsIndexPage),
            advisory_section=sections.get(AdvisoryIndexPage),
        )
        return context

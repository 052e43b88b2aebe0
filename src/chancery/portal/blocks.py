"""StreamField blocks of portal pages. Headings start at level 2: the page title is the h1."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"))
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "portal/blocks/heading.html"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        help_text=_(
            "What the image shows, for people who cannot see it. Empty only if decorative."
        ),
    )
    decorative = blocks.BooleanBlock(label=_("decorative image"), required=False)
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "portal/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "portal/blocks/quote.html"


def body_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks of an article body."""
    return [
        ("heading", HeadingBlock()),
        ("paragraph", blocks.RichTextBlock(label=_("Paragraph"), features=RICH_FEATURES)),
        ("figure", FigureBlock()),
        ("quote", QuoteBlock()),
    ]


class BriefingQuestionBlock(blocks.StructBlock):
    """One numbered question of a press briefing (numbered by its position)."""

    outlet = blocks.CharBlock(label=_("asking outlet"), help_text=_("e.g. Reuters, VTV, AFP"))
    question = blocks.TextBlock(label=_("question"))
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")


class AdvisorySectionBlock(blocks.StructBlock):
    """An ordered section of a travel advisory (safety, entry requirements, health, ...)."""

    title = blocks.CharBlock(label=_("section title"))
    body = blocks.RichTextBlock(label=_("section text"), features=RICH_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Advisory section")


class HotlineBlock(blocks.StructBlock):
    """A citizen-protection hotline."""

    region = blocks.CharBlock(label=_("region or mission"))
    phone = blocks.CharBlock(label=_("telephone"))
    email = blocks.EmailBlock(label=_("e-mail"), required=False)
    hours = blocks.CharBlock(label=_("hours"), required=False)
    note = blocks.TextBlock(label=_("note"), required=False)

    class Meta:
        icon = "mobile-alt"
        label = _("Hotline")

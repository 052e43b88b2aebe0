"""Content checks an editor sees after saving a page: accessibility and completeness problems
that do not stop publication (the editor decides), so that they are noticed before readers do.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from django.utils.translation import gettext as _
from wagtail.fields import StreamValue
from wagtail.rich_text import RichText

# Headings an editor can make inside a rich-text paragraph (RICH_FEATURES allows h2 to h4).
RICH_HEADING = re.compile(r"<h([1-6])[\s>]", re.IGNORECASE)
# The page title is the h1: the body's first heading is an h2.
FIRST_LEVEL = 2


def content_problems(page: Any) -> list[str]:
    """What an editor should fix on ``page`` (a specific page), in the editor's language; an
    empty list when nothing is wrong. Never raises on missing fields: each check applies to
    the page types that have the field."""
    problems: list[str] = []
    if hasattr(page, "summary") and not (page.summary or "").strip():
        problems.append(_("The summary is empty: listings, feeds and search show nothing."))
    if getattr(page, "image", None) is not None and not (page.image_alt or "").strip():
        problems.append(_("The lead image has no alternative text."))
    body = getattr(page, "body", None)
    if isinstance(body, StreamValue):
        problems.extend(_figure_problems(body))
        problems.extend(_heading_problems(body))
    return problems


def _figure_problems(body: StreamValue) -> list[str]:
    problems = []
    figures = [block.value for block in body if block.block_type == "figure"]
    for number, value in enumerate(figures, start=1):
        if not (value.get("alt") or "").strip() and not value.get("decorative"):
            problems.append(
                _(
                    "Image %(number)s of the body has no alternative text and is not marked "
                    "decorative."
                )
                % {"number": number}
            )
    return problems


def heading_levels(body: StreamValue) -> list[int]:
    """The levels of the body's headings in reading order: heading blocks and the headings
    inside rich-text paragraphs."""
    levels: list[int] = []
    for block in body:
        if block.block_type == "heading":
            level = str(block.value.get("level") or "h2")
            levels.append(int(level[1:]) if level[1:].isdigit() else FIRST_LEVEL)
        elif block.block_type == "paragraph" and isinstance(block.value, RichText):
            levels.extend(int(found) for found in RICH_HEADING.findall(block.value.source))
    return levels


def _heading_problems(body: StreamValue) -> list[str]:
    levels = heading_levels(body)
    if not levels:
        return []
    problems = []
    if levels[0] != FIRST_LEVEL:
        problems.append(
            _("The body's first heading is a level %(level)s heading; it should be level 2.")
            % {"level": levels[0]}
        )
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            problems.append(
                _(
                    "A level %(after)s heading follows a level %(before)s heading: "
                    "a level is skipped."
                )
                % {"before": before, "after": after}
            )
    return problems

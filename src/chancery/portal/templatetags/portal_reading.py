"""Template tags of the portal's pages: the layout's links, article metadata, JSON-LD, days."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from chancery.portal import reading

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_chrome(context: template.Context, page: Any) -> dict[str, Any]:
    """``{% portal_chrome page as chrome %}``: navigation, languages, canonical, feed."""
    return reading.chrome(page, context.get("request"))


@register.simple_tag(takes_context=True)
def article_metadata(context: template.Context, page: Any) -> dict[str, Any]:
    """``{% article_metadata page as meta %}``: Open Graph and schema.org values."""
    return reading.article_metadata(page, context.get("request"))


@register.simple_tag
def json_ld(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped, so that
    an editor's text can never close the script element."""
    script = json_script(json.loads(json.dumps(data, default=str)))
    return SafeString(
        script.replace('<script type="application/json">', '<script type="application/ld+json">', 1)
    )


@register.filter
def by_day(items: Any, attribute: str = "starts_at") -> list[tuple[date, list[Any]]]:
    return reading.by_day(items, attribute)


@register.filter
def page_query(query: Any, number: int) -> str:
    """The current query string with ``page`` set to ``number`` (filters are kept)."""
    params = query.copy()
    params["page"] = number
    return str(params.urlencode())

"""Template helpers of the staff shell: classification banners."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from chancery.core.constants import Clearance
from chancery.core.shell import banner_text

register = template.Library()

_SLUGS: dict[int, str] = {
    Clearance.CONFIDENTIAL: "confidential",
    Clearance.SECRET: "secret",
    Clearance.TOP_SECRET: "top-secret",
}


@register.filter
def classification_banner(level: object) -> str:
    """The banner words for a page classification, "" for unclassified or unknown."""
    return banner_text(_as_level(level))


@register.filter
def classification_slug(level: object) -> str:
    return _SLUGS.get(_as_level(level), "")


@register.filter
def names(value: object) -> str:
    """A person or several, as a readable list ("A, B")."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return str(value)
    return ", ".join(str(item) for item in value)


def _as_level(level: object) -> int:
    try:
        return int(str(level))
    except ValueError:
        return Clearance.UNCLASSIFIED

"""Template filters of the catalogue pages: texts in the reader's language, fees, labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from chancery.eservices.constants import Channel, ComponentKind, ServiceLevel
from chancery.eservices.forms.engine import translated

register = template.Library()


@register.filter
def tr(value: Any) -> str:
    """A ``{"vi", "en", "fr"}`` text in the active language (fallbacks as the forms do)."""
    return translated(value)


@register.filter
def suffixed(value: Any, stem: str) -> str:
    """``value[stem_vi|en|fr]`` in the active language (components, channel notes)."""
    if not isinstance(value, dict):
        return ""
    return translated({code: value.get(f"{stem}_{code}", "") for code in ("vi", "en", "fr")})


@register.filter
def fee(entry: Any) -> str:
    """ "30,000 VND", "10 USD", or "" for a missing fee."""
    if not isinstance(entry, dict) or entry.get("fee") is None:
        return ""
    amount = entry["fee"]
    shown = number_format(
        amount, decimal_pos=0 if float(amount).is_integer() else 2, force_grouping=True
    )
    return f"{shown} {entry.get('currency', '')}".strip()


@register.filter
def channel_label(value: Any) -> str:
    return str(dict(Channel.choices).get(value, value))


@register.filter
def kind_label(value: Any) -> str:
    return str(dict(ComponentKind.choices).get(value, value))


@register.filter
def level_label(value: Any) -> str:
    return str(dict(ServiceLevel.choices).get(value, value))


@register.filter
def has(collection: Any, name: str) -> bool:
    """Whether ``name`` is in ``collection`` (the version's unconfirmed values)."""
    return bool(collection) and name in collection

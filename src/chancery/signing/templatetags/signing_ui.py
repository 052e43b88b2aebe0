"""Readable words for the codes of a validation report, and the verdict's alert style."""

from __future__ import annotations

from django import template

from chancery.signing.validation.labels import LABELS

register = template.Library()

# USWDS alert and tag variants for each verdict.
_ALERTS = {"valid": "success", "invalid": "error", "indeterminate": "warning", "unsigned": "info"}


@register.filter
def report_label(value: object, kind: str) -> object:
    """``{{ signature.trust|report_label:"trust" }}``: the words for a report's code."""
    return LABELS.get(kind, {}).get(str(value), value)


@register.filter
def verdict_alert(verdict: object) -> str:
    return _ALERTS.get(str(verdict), "info")

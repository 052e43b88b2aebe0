"""Errors of cables; each carries a translated message for the person who caused it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.documents.exceptions import DocumentError, NotAllowed, StaleVersion, WrongState

__all__ = [
    "CableError",
    "MarkingTooLow",
    "NotAllowed",
    "StaleVersion",
    "UnknownTag",
    "WrongState",
]


class CableError(DocumentError):
    code = "cable-error"
    message = _("The cable could not be processed.")
    status = 400


class MarkingTooLow(CableError):
    """The cable's overall classification is below its highest paragraph marking."""

    code = "marking-too-low"
    message = _(
        "The cable cannot be classified below its highest paragraph: raise its classification "
        "or lower the paragraph's marking."
    )
    status = 422


class UnknownTag(CableError):
    code = "unknown-tag"
    message = _("A tag is not in the taxonomy (or is no longer active).")
    status = 422

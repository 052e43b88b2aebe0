"""Readable words for the codes of a validation report (pages and ``chancery verify``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LABELS = {
    "verdict": {
        "valid": _("Valid"),
        "invalid": _("Invalid"),
        "indeterminate": _("Cannot be confirmed"),
        "unsigned": _("Not signed"),
    },
    "kind": {
        "signature": _("Signature"),
        "document_timestamp": _("Archive timestamp"),
    },
    "integrity": {
        "intact": _("Unchanged since signing"),
        "modified": _("Changed after signing"),
        "broken": _("Signature damaged"),
    },
    "modification": {
        "none": _("None"),
        "lta_updates": _("Long-term validation data only"),
        "form_filling": _("Form filling"),
        "annotations": _("Annotations"),
        "other": _("Other changes"),
    },
    "coverage": {
        "entire_document": _("The whole document"),
        "entire_revision": _("The document as it was then (later additions follow)"),
        "partial": _("Only part of the document"),
    },
    "trust": {
        "trusted": _("Trusted"),
        "untrusted_root": _("Not issued by a trusted authority"),
        "revoked": _("Certificate revoked"),
        "expired": _("Certificate expired"),
        "not_yet_valid": _("Certificate not yet valid"),
        "no_revocation_info": _("Certificate status unknown"),
        "unknown": _("Unknown"),
    },
    "pades_level": {"none": _("Not PAdES")},
}


def label(kind: str, value: object) -> str:
    """The words for ``value`` of report field ``kind`` (the code itself if none)."""
    return str(LABELS.get(kind, {}).get(str(value), value))

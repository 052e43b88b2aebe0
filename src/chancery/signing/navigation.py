"""The signing workspace's entry in the staff navigation (registered when the app loads)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import NavEntry, register_navigation

SIGNING = register_navigation(
    NavEntry(
        _("Signing"),
        "signing_ui:overview",
        order=40,
        description=_("Sign PDFs with your certificate, check signed documents."),
    )
)

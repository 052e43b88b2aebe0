"""The documents workspace's entry in the staff navigation (registered when the app loads)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import NavEntry, register_navigation

DOCUMENTS = register_navigation(
    NavEntry(
        _("Documents"),
        "documents:inbox",
        order=20,
        description=_("Incoming and outgoing documents: register, handle, draft, issue, find."),
    )
)

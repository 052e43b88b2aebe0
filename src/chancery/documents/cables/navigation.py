"""The cables workspace's entry in the staff navigation (registered by ``cables/setup.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import NavEntry, register_navigation

CABLES = register_navigation(
    NavEntry(
        _("Cables"),
        "cables:inbox",
        order=25,
        description=_("Diplomatic cables: compose, release, receive, acknowledge, find."),
    )
)

"""The portal's entries in the staff navigation: the CMS and the public's questions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import NavEntry, register_navigation

CMS = register_navigation(
    NavEntry(
        _("Portal"),
        "wagtailadmin_home",
        order=40,
        roles=("editor", "admin"),
        description=_("The public portal: news, briefings, advisories, missions, publishing."),
    )
)

QUESTIONS = register_navigation(
    NavEntry(
        _("Public questions"),
        "portal_staff:questions",
        order=41,
        roles=(
            "clerk",
            "specialist",
            "consular_officer",
            "unit_head",
            "leader",
            "admin",
            "editor",
        ),
        description=_("Questions and feedback from the public: answer and publish them."),
    )
)

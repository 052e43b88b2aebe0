"""The e-services workspace's entry in the staff navigation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import NavEntry, register_navigation

ESERVICES = register_navigation(
    NavEntry(
        _("E-services"),
        "eservices:queue",
        order=30,
        roles=("consular_officer", "clerk", "specialist", "unit_head", "leader"),
        description=_("Citizens' and businesses' dossiers: intake, handling, results, deadlines."),
    )
)

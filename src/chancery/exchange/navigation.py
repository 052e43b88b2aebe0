"""The exchange's entry in the staff navigation, for administrators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chancery.core.service import NavEntry, Role, register_navigation

EXCHANGE = register_navigation(
    NavEntry(
        _("Exchange"),
        "exchange:status",
        roles=(Role.ADMIN.value,),
        order=915,
        description=_("Queues and links to the other Chancery instances."),
    )
)

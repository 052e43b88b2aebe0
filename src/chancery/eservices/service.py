"""The only module of ``eservices`` that other apps import (the portal links to procedures)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from chancery.eservices.catalogue import queries
from chancery.eservices.catalogue.seed_data import procedures as seeded_procedures
from chancery.eservices.catalogue.views import apply_url
from chancery.eservices.constants import Channel
from chancery.eservices.models import Procedure, ProcedureVersion
from chancery.eservices.templatetags.eservices_catalogue import fee as format_fee

# ``seeded_procedures()``: the ministry's procedures as Chancery seeds them (code, slug, names
# in the three languages, ...): the portal's demo writes a service page for each.
__all__ = ["Procedure", "ProcedureVersion", "procedure_for_portal", "seeded_procedures"]


def procedure_for_portal(code: str) -> dict[str, Any] | None:
    """What the portal's service-information page shows of procedure ``code``: its name (in
    the active language), fee and time limit of the online channel (or of the first channel
    when it cannot be done online), the public page in the catalogue and the page to apply
    online. Anyone may call it: it reads only the version in force today (the public
    catalogue). None when the code is empty, unknown, or has no version in force."""
    if not code:
        return None
    procedure = queries.published_procedures().filter(code=code.strip()).first()
    if procedure is None:
        return None
    version: ProcedureVersion = procedure.current_versions[0]  # type: ignore[attr-defined]
    online = version.channel(Channel.ONLINE)
    entry = online or (version.channels[0] if version.channels else {})
    return {
        "code": procedure.code,
        "name": procedure.name,
        "fee": format_fee(entry),
        "free": not entry.get("fee"),
        "working_days": entry.get("working_days"),
        "channel": entry.get("channel", ""),
        "online": online is not None,
        "url": reverse("services:procedure", kwargs={"slug": procedure.slug}),
        "apply_url": apply_url(procedure.slug) if online is not None else "",
    }

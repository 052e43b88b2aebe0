"""Alerts of cable saved searches: a newly delivered cable is checked against every alerting
saved search of scope ``cables``; the owner is told when they may read it and it matches.

The notification names the saved search only ("A new cable matches your saved search X"),
never a subject, reference or tag, and links to the saved search; the search page then
shows what the owner may see. One notification per saved search and cable, however often
the job runs (the link names both and is looked up before notifying).
"""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from chancery.core.service import notify
from chancery.documents.cables.search.params import CableSearchParams
from chancery.documents.cables.search.query import matches
from chancery.documents.models import Cable, SavedSearch

SCOPE = "cables"
KIND = "cables.saved_search"


def saved_search_link(saved_id: int, cable_id: UUID | str | None = None) -> str:
    """The page that runs a saved search (``new``: the cable that caused the alert)."""
    url = reverse("cables:saved_search_run", args=[saved_id])
    return f"{url}?{urlencode({'new': str(cable_id)})}" if cable_id else url


def check_cable(cable_id: UUID | str) -> int:
    """Notify the owner of every alerting cables saved search that matches the cable and who
    may read it; returns how many notifications were sent (0 on a second run)."""
    if not Cable.objects.filter(pk=cable_id).exists():
        return 0
    searches = SavedSearch.objects.filter(
        scope=SCOPE, alert=True, owner__is_active=True
    ).select_related("owner")
    sent = 0
    for saved in searches:
        with transaction.atomic():
            sent += _alert(saved, cable_id)
    return sent


def _alert(saved: SavedSearch, cable_id: UUID | str) -> int:
    owner = saved.owner
    if not matches(owner, cable_id, CableSearchParams.from_json(saved.query)):
        return 0
    url = saved_search_link(saved.pk, cable_id)
    if owner.notifications.filter(kind=KIND, url=url).exists():
        return 0
    with override(getattr(owner, "language", None) or None):
        title = _("A new cable matches your saved search “%(name)s”") % {"name": saved.name}
        body = _("Open the saved search to see it.")
    notify(owner, KIND, title, body, url)
    return 1

"""Alerts of saved searches: new matching documents the owner may read at the time of the check.

The notification names the saved search and a count, never a subject, number or sender: the
owner opens the link and the search page shows what they may see then.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from chancery.core.service import notify
from chancery.documents.actions.search import DOCUMENTS
from chancery.documents.models import SavedSearch
from chancery.documents.search.query import SearchParams, new_matches


def check_alerts() -> int:
    """Check every alerting saved search once; returns how many notifications were sent."""
    sent = 0
    pks = list(
        SavedSearch.objects.filter(scope=DOCUMENTS, alert=True, owner__is_active=True).values_list(
            "pk", flat=True
        )
    )
    for pk in pks:
        sent += check_one(pk)
    return sent


def check_one(pk: int) -> int:
    with transaction.atomic():
        saved = (
            SavedSearch.objects.select_for_update(skip_locked=True)
            .select_related("owner")
            .filter(pk=pk, scope=DOCUMENTS, alert=True)
            .first()
        )
        if saved is None:
            return 0
        now = timezone.now()
        since = saved.last_checked_at or saved.created_at
        count = new_matches(saved.owner, SearchParams.from_json(saved.query), since)
        saved.last_checked_at = now
        saved.save(update_fields=["last_checked_at"])
        if not count:
            return 0
        with override(getattr(saved.owner, "language", None) or None):
            title = ngettext(
                "%(count)d new document matches “%(name)s”",
                "%(count)d new documents match “%(name)s”",
                count,
            ) % {"count": count, "name": saved.name}
            body = _("Open the saved search to see them.")
        url = reverse("documents:saved_search_run", args=[saved.pk])
        notify(saved.owner, "documents.saved_search", title, body, url)
        return 1

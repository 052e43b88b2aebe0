"""Saved searches: save, rename/alert toggle, delete. A saved search belongs to its owner only;
another user's saved search answers like a missing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import record_audit
from chancery.documents.exceptions import DocumentError
from chancery.documents.models import SavedSearch

if TYPE_CHECKING:
    from chancery.core.service import User
    from chancery.documents.search.query import SearchParams

MAX_SAVED_SEARCHES = 100


class SavedSearchRefused(DocumentError):
    code = "saved-search-refused"
    message = _("This search cannot be saved.")
    status = 422


def get_saved_search(user: User, pk: object) -> SavedSearch:
    """The user's own saved search; 404 for anyone else's or a missing one."""
    try:
        return SavedSearch.objects.get(pk=int(str(pk)), owner=user)
    except (SavedSearch.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def save_search(user: User, name: str, params: SearchParams, *, alert: bool) -> SavedSearch:
    """Save ``params`` under ``name`` (replacing the user's search of that name)."""
    name = name.strip()
    if not name:
        raise SavedSearchRefused(_("Give the search a name."))
    with transaction.atomic():
        existing = SavedSearch.objects.select_for_update().filter(owner=user, name=name).first()
        if existing is None and SavedSearch.objects.filter(owner=user).count() >= (
            MAX_SAVED_SEARCHES
        ):
            raise SavedSearchRefused(_("You have too many saved searches: delete some first."))
        saved = existing or SavedSearch(owner=user, name=name)
        saved.query = params.to_json()
        saved.alert = alert
        # Alerts report documents that arrive after the search was saved.
        saved.last_checked_at = timezone.now()
        saved.save()
        record_audit(user, "documents.save_search", saved, data={"name": name, "alert": alert})
    return saved


def delete_saved_search(user: User, pk: object) -> None:
    with transaction.atomic():
        saved = get_saved_search(user, pk)
        record_audit(user, "documents.delete_saved_search", saved, data={"name": saved.name})
        saved.delete()

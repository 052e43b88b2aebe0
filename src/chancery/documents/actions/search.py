"""Saved searches: save, alert toggle, delete. A saved search belongs to its owner only;
another user's saved search answers like a missing one.

Documents and cables keep their saved searches in the same table, told apart by ``scope``
(``"documents"`` here, ``"cables"`` for the cable archive, which calls these actions with its
own scope): each search reads, alerts and lists only its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.core.service import record_audit
from chancery.documents.exceptions import DocumentError
from chancery.documents.models import SavedSearch

if TYPE_CHECKING:
    from chancery.core.service import User

MAX_SAVED_SEARCHES = 100
DOCUMENTS = "documents"


class Params(Protocol):
    def to_json(self) -> dict[str, Any]: ...


class SavedSearchRefused(DocumentError):
    code = "saved-search-refused"
    message = _("This search cannot be saved.")
    status = 422


def saved_searches_of(user: User, scope: str = DOCUMENTS) -> QuerySet[SavedSearch]:
    """The user's own saved searches of ``scope``."""
    return SavedSearch.objects.filter(owner=user, scope=scope)


def get_saved_search(user: User, pk: object, scope: str = DOCUMENTS) -> SavedSearch:
    """The user's own saved search of ``scope``; 404 for anyone else's or a missing one."""
    try:
        return saved_searches_of(user, scope).get(pk=int(str(pk)))
    except (SavedSearch.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def save_search(
    user: User, name: str, params: Params, *, alert: bool, scope: str = DOCUMENTS
) -> SavedSearch:
    """Save ``params`` under ``name`` (replacing the user's search of that name in ``scope``).

    Any member of staff, for themselves. Refuses an empty name and more than
    MAX_SAVED_SEARCHES searches per scope."""
    name = name.strip()
    if not name:
        raise SavedSearchRefused(_("Give the search a name."))
    with transaction.atomic():
        own = saved_searches_of(user, scope)
        existing = own.select_for_update().filter(name=name).first()
        if existing is None and own.count() >= MAX_SAVED_SEARCHES:
            raise SavedSearchRefused(_("You have too many saved searches: delete some first."))
        saved = existing or SavedSearch(owner=user, name=name, scope=scope)
        saved.query = params.to_json()
        saved.alert = alert
        # Alerts report documents that arrive after the search was saved.
        saved.last_checked_at = timezone.now()
        saved.save()
        record_audit(user, f"{scope}.save_search", saved, data={"name": name, "alert": alert})
    return saved


def set_saved_search_alert(
    user: User, pk: object, *, alert: bool, scope: str = DOCUMENTS
) -> SavedSearch:
    """Turn the alert of the user's own saved search on or off (404 for anyone else's)."""
    with transaction.atomic():
        saved = get_saved_search(user, pk, scope)
        if saved.alert != alert:
            saved.alert = alert
            # Turned on: alert of what arrives from now on, not of the backlog.
            saved.last_checked_at = timezone.now()
            saved.save(update_fields=["alert", "last_checked_at"])
            record_audit(
                user,
                f"{scope}.saved_search_alert",
                saved,
                data={"name": saved.name, "alert": alert},
            )
    return saved


def delete_saved_search(user: User, pk: object, scope: str = DOCUMENTS) -> None:
    """Delete the user's own saved search of ``scope`` (404 for anyone else's)."""
    with transaction.atomic():
        saved = get_saved_search(user, pk, scope)
        record_audit(user, f"{scope}.delete_saved_search", saved, data={"name": saved.name})
        saved.delete()

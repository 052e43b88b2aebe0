"""The staff workspace's primary navigation, by role.

Each app registers its entries (``core.service.register_navigation``) when it is loaded;
the header and the workspace dashboard show ``items_for(user)``. An entry whose URL name does
not resolve (an area still under construction, an app not installed) is skipped rather than
breaking every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import Role
from chancery.core.models.org import principal_users

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavEntry:
    """One destination. ``roles`` empty means every signed-in member of staff;
    ``admin_site`` entries also need Django's ``is_staff`` flag, as the admin site does."""

    label: StrOrPromise
    url_name: str
    roles: tuple[str, ...] = ()
    order: int = 100
    description: StrOrPromise = ""
    admin_site: bool = False


@dataclass(frozen=True)
class NavItem:
    """A resolved entry, ready to render."""

    label: StrOrPromise
    url: str
    url_name: str
    description: StrOrPromise


_registry: dict[str, NavEntry] = {}


def register(entry: NavEntry) -> NavEntry:
    """Add or replace (by URL name) an entry of the primary navigation."""
    _registry[entry.url_name] = entry
    return entry


def entries() -> list[NavEntry]:
    return sorted(_registry.values(), key=lambda entry: (entry.order, str(entry.url_name)))


def resolve(url_name: str) -> str | None:
    """The URL of ``url_name``, or None if no route has that name (yet)."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _roles_held(user: Any) -> set[str] | None:
    """The roles of the user and of everyone they act for; None means every role."""
    if user.is_superuser:
        return None
    return {role for person in principal_users(user) for role in person.roles}


def items_for(user: Any) -> list[NavItem]:
    """The entries ``user`` may use, in order; nothing for anyone not signed in.

    Roles are those ``role_required`` honours: the user's own and their principals'.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    held = _roles_held(user)
    items = []
    for entry in entries():
        if entry.roles and held is not None and not held.intersection(entry.roles):
            continue
        if entry.admin_site and not user.is_staff:
            continue
        url = resolve(entry.url_name)
        if url is not None:
            items.append(NavItem(entry.label, url, entry.url_name, entry.description))
    return items


_ADMIN = (Role.ADMIN.value,)

for _entry in (
    NavEntry(_("Workspace"), "core:home", order=0, description=_("Your day at a glance.")),
    NavEntry(_("Calendar"), "core:calendar", order=10, description=_("Working days and holidays.")),
    NavEntry(
        _("Notifications"),
        "core:notifications",
        order=20,
        description=_("What needs your attention."),
    ),
    NavEntry(
        _("Audit log"),
        "core:audit-log",
        roles=_ADMIN,
        order=900,
        description=_("Every security-relevant event, hash-chained."),
    ),
    NavEntry(_("Jobs"), "core:jobs", roles=_ADMIN, order=910, description=_("Background work.")),
    NavEntry(
        _("Administration"),
        "admin:index",
        roles=_ADMIN,
        order=920,
        admin_site=True,
        description=_("Units, staff, roles and settings."),
    ),
    NavEntry(
        _("API documentation"),
        "api-1.0.0:openapi-view",
        order=930,
        description=_("The machine-to-machine interface."),
    ),
):
    register(_entry)

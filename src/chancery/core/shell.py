"""What every staff page shows around its content: navigation, notifications, classification.

Views that display classified data call ``classify(request, level)`` for each thing they show;
the page then carries top and bottom banners for the highest level shown. The context
processor ``context`` feeds ``templates/base.html``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chancery.core.constants import Clearance
from chancery.core.navigation import items_for, resolve
from chancery.core.queries.notifications import unread_count

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

_ATTRIBUTE = "chancery_classification"

# The marking printed on Vietnamese classified material, whatever the interface language,
# then the level in the reader's language. Markings are upper case by convention.
_MARKINGS: dict[int, tuple[str, StrOrPromise]] = {
    Clearance.CONFIDENTIAL: ("MẬT", _("CONFIDENTIAL")),
    Clearance.SECRET: ("TỐI MẬT", _("SECRET")),
    Clearance.TOP_SECRET: ("TUYỆT MẬT", _("TOP SECRET")),
}


def classify(request: HttpRequest, level: int) -> int:
    """Raise the page's classification to ``level`` if higher; returns the page's level."""
    current = max(int(getattr(request, _ATTRIBUTE, Clearance.UNCLASSIFIED)), int(level))
    setattr(request, _ATTRIBUTE, current)
    return current


def page_classification(request: HttpRequest) -> int:
    return int(getattr(request, _ATTRIBUTE, Clearance.UNCLASSIFIED))


def banner_text(level: int) -> str:
    """The banner's words for ``level`` in the active language, "" when unclassified."""
    if level not in _MARKINGS:
        return ""
    marking, label = _MARKINGS[level]
    if (get_language() or "vi").startswith("vi"):
        return marking
    return f"{marking} / {label}"


# Each language is named in itself, so a reader finds their own whatever the page's language.
LANGUAGE_LABELS = (("vi", "Tiếng Việt"), ("en", "English"), ("fr", "Français"))


@dataclass(frozen=True)
class MenuLink:
    label: StrOrPromise
    url: str


_USER_MENU: tuple[tuple[StrOrPromise, str], ...] = (
    (_("Profile"), "core:profile"),
    (_("Two-factor authentication"), "core:mfa"),
    (_("API tokens"), "core:tokens"),
    (_("Delegations"), "core:delegations"),
)


def user_menu() -> list[MenuLink]:
    """The account pages that exist; the sign-out form is rendered by the template."""
    links = []
    for label, name in _USER_MENU:
        url = resolve(name)
        if url is not None:
            links.append(MenuLink(label, url))
    return links


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context for the shell, computed when the page renders.

    Templates call callables, and each of these runs at most once per page and only if the
    page shows what needs it (a bare sign-in page makes no query).
    """
    user = getattr(request, "user", None)
    return {
        "page_classification": page_classification(request),
        "nav_items": functools.cache(lambda: items_for(user)),
        "user_menu": functools.cache(user_menu),
        "unread_notifications": functools.cache(lambda: unread_count(user)),
        "shell_languages": LANGUAGE_LABELS,
    }

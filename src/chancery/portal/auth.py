"""Who may enter the CMS: holders of the editor or administrator role.

Roles are Chancery's one access model; inside the CMS, Wagtail's page permissions (its groups,
one per section and task) decide what each editor may edit, publish or approve."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from chancery.core.decorators import holds_any_role
from chancery.core.service import Role

CMS_ROLES = (Role.EDITOR.value, Role.ADMIN.value)
CMS_PREFIX = "/cms/"


def may_use_cms(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and holds_any_role(user, CMS_ROLES))


def grant_cms_access() -> None:
    """Editors and administrators carry Wagtail's ``access_admin`` (called at start-up)."""
    from chancery.core.role_permissions import grant

    for role in CMS_ROLES:
        grant(role, "wagtailadmin.access_admin")


class CmsGateMiddleware:
    """Signed-in staff without the role get a plain 403 at the CMS, not Wagtail's login loop.
    (Anonymous visitors never get here: the staff sign-in comes first.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if (
            request.path.startswith(CMS_PREFIX)
            and request.user.is_authenticated
            and not may_use_cms(request.user)
        ):
            return HttpResponseForbidden(_("The portal's CMS is for editors."))
        return self.get_response(request)

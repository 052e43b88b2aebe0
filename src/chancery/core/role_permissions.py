"""Django permissions that come with a role, for apps whose framework asks for permissions.

Chancery's access model is roles (and clearances); Django's permission checks are what some
frameworks ask instead (Wagtail's admin asks for ``wagtailadmin.access_admin``). An app
registers which permissions a role carries (``grant``); the authentication backend below then
answers ``user.has_perm`` from the user's roles, on top of the ordinary model permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

_GRANTS: dict[str, set[str]] = {}


def grant(role: str, *permissions: str) -> None:
    """Let holders of ``role`` (or those acting for one) have ``permissions``."""
    _GRANTS.setdefault(role, set()).update(permissions)


class RoleBackend(ModelBackend):
    """Django's model backend, plus the permissions granted to the user's roles."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if super().has_perm(user_obj, perm, obj):
            return True
        from chancery.core.decorators import holds_any_role

        roles = tuple(role for role, perms in _GRANTS.items() if perm in perms)
        return bool(roles) and holds_any_role(user_obj, roles)

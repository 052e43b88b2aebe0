"""View guards for staff pages. Object-level checks go through ``access``; these gate routes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from chancery.core.constants import Role

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def holds_any_role(user: Any, roles: tuple[str, ...]) -> bool:
    """Whether the user (or anyone they currently act for) holds one of ``roles``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from chancery.core.models.org import principal_users

    return any(role in person.roles for person in principal_users(user) for role in roles)


def role_required(*roles: Role | str) -> Callable[[View], View]:
    """Require login and one of ``roles``; others get 403 (the route is not secret)."""
    wanted = tuple(str(role) for role in roles)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not holds_any_role(request.user, wanted):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator

"""Template context that every staff page may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def acting_for(request: HttpRequest) -> dict[str, Any]:
    """``acting_for``: the people the signed-in user currently acts for (a lazy list).

    Evaluated only when a template uses it, so pages that do not show it cost no query and do
    not even read the session (public pages then carry no "Vary: Cookie").
    """

    def principals() -> list[Any]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        from chancery.core.models.org import principal_users

        return principal_users(user)[1:]

    return {"acting_for": SimpleLazyObject(principals)}

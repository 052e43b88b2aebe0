"""Reading personal API tokens: people see their own, nobody else's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from chancery.core.models import ApiToken

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.models import User
    from chancery.core.models.tokens import ApiTokenQuerySet


def tokens_of(user: User | AnonymousUser) -> ApiTokenQuerySet:
    """The tokens ``user`` owns, newest first; none for anyone not signed in."""
    if not user.is_authenticated or not user.is_active:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(owner_id=user.pk).order_by("-created_at", "-id")


def get_token_for_user(user: User | AnonymousUser, token_id: int) -> ApiToken:
    """The token with ``token_id`` if ``user`` owns it; 404 otherwise, whether it exists or not."""
    token = tokens_of(user).filter(pk=token_id).first()
    if token is None:
        raise Http404
    return token

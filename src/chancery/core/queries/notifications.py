"""Reading one's own notifications. Nobody reads another person's notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chancery.core.models import Notification
from chancery.core.models.notifications import NotificationQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from chancery.core.models import User


def notifications_for(
    user: User | AnonymousUser, *, unread_only: bool = False
) -> NotificationQuerySet:
    """The user's notifications, newest first; none for anonymous or inactive users."""
    if not user.is_authenticated or not user.is_active:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=user)
    return rows.unread() if unread_only else rows


def unread_count(user: User | AnonymousUser | Any) -> int:
    """How many of the user's notifications are unread (0 for anyone not signed in)."""
    return notifications_for(user, unread_only=True).count()

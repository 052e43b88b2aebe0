"""The social networks the portal posts to after publishing (see docs/portal-dissemination.md).

``network(kind)`` answers the configured adapter for an outbox step's kind (``"facebook"``,
``"x"``), or None when that network is not configured. Another network is one module with a
class following ``base.SocialNetwork``, registered here under a new ``OutboxKind``.
"""

from __future__ import annotations

from chancery.portal.social import facebook, x
from chancery.portal.social.base import (
    PermanentFailure,
    SocialFailure,
    SocialNetwork,
    TemporaryFailure,
    network,
    register,
)

register("facebook", facebook.configured)
register("x", x.configured)

__all__ = [
    "PermanentFailure",
    "SocialFailure",
    "SocialNetwork",
    "TemporaryFailure",
    "network",
    "register",
]

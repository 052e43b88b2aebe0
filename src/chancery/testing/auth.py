"""Signing in from tests.

``Client.force_login`` means "this user is signed in", which in Chancery includes MFA, so the
plugin makes it stamp the session as a completed sign-in (password and second factor done,
login time now). Tests of the sign-in itself drive the real pages; ``unverified_login`` gives a
session authenticated without MFA (what Django admin's own form would produce), which the
middleware must refuse.
"""

from __future__ import annotations

import time
from typing import Any

from django.test.client import ClientMixin

_original_login = ClientMixin._login  # type: ignore[attr-defined]


def mark_verified(session: Any, factors: tuple[str, ...] = ("totp",)) -> None:
    from chancery.core import signin

    now = time.time()
    session[signin.LOGIN_AT] = now
    session[signin.SEEN_AT] = now
    session[signin.FACTORS] = list(factors)
    session.save()


def _verified_login(self: Any, user: Any, backend: str | None = None) -> None:
    _original_login(self, user, backend)
    session = self.session
    mark_verified(session)


def unverified_login(client: Any, user: Any) -> None:
    """Authenticate ``client`` as ``user`` without the MFA stamp."""
    _original_login(client, user, None)


def install() -> None:
    ClientMixin._login = _verified_login  # type: ignore[attr-defined]

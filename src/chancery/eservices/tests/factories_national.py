"""Helpers of the national-portal tests: a running fake portal wired into the settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test import override_settings

from chancery.eservices.actions.lifecycle import lock, transition
from chancery.eservices.fakes.national import FakeNationalPortal


@contextmanager
def running_portal(*, max_attempts: int = 4, backoff: int = 2) -> Iterator[FakeNationalPortal]:
    """A fake national portal on a local port, and the settings that point Chancery at it."""
    with (
        FakeNationalPortal(client_id="chancery", client_secret="s3cret") as fake,
        override_settings(
            CHANCERY_NATIONAL_PORTAL_BACKEND="http",
            CHANCERY_NATIONAL_PORTAL_URL=fake.url,
            CHANCERY_NATIONAL_PORTAL_CLIENT_ID="chancery",
            CHANCERY_NATIONAL_PORTAL_CLIENT_SECRET="s3cret",
            CHANCERY_NATIONAL_PORTAL_TIMEOUT="5",
            CHANCERY_NATIONAL_MAX_ATTEMPTS=max_attempts,
            CHANCERY_JOB_BACKOFF_SECONDS=backoff,
        ),
    ):
        yield fake


def move(dossier_id: int, to: str, **kwargs: object) -> None:
    """One state change through the lifecycle's only door, in its own transaction."""
    with transaction.atomic():
        transition(lock(dossier_id), to, **kwargs)  # type: ignore[arg-type]

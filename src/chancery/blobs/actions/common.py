"""What every blob action shares: the per-address lock and the profile rule."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from chancery.blobs.exceptions import ClassifiedStorageRefused
from chancery.core.service import Clearance


def lock_address(address: str) -> None:
    """Serialise, until the transaction ends, everything that creates or deletes ``address``.

    Storing and garbage collection both take it: a collector never deletes a file that a
    concurrent upload has just deduplicated onto, and an upload re-stores a file that the
    collector removed a moment before.
    """
    key = int.from_bytes(bytes.fromhex(address[:16]), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def refuse_classified_on_internet(level: int) -> None:
    """The internet-facing profile holds nothing classified Confidential or above."""
    if settings.CHANCERY_PROFILE == "internet" and level >= Clearance.CONFIDENTIAL:
        raise ClassifiedStorageRefused

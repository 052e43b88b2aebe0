"""PostgreSQL advisory locks held for the length of a ``with`` block.

Used where one worker at a time may do a thing (push a peer's queue, push a dossier's sync
records) and the others should skip it rather than wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def try_advisory_lock(key: str) -> Iterator[bool]:
    """Try to take the session-level advisory lock named ``key`` without waiting; yield
    whether it was taken, and release it on leaving the block if it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [key])
        row = cursor.fetchone()
    locked = bool(row and row[0])
    try:
        yield locked
    finally:
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])

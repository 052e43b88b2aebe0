"""Readiness: can this process serve requests? Used by ``/readyz`` (and load balancers).

Details sent back name the failed check and the kind of error only; the full message (which
may carry host names or paths) goes to the log, because ``/readyz`` is public.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str = ""


# Once every migration is applied the answer stays yes for the life of the process; until
# then (a deployment waiting for ``chancery migrate``) it is asked again at every probe.
_migrations_applied = False


def _failure(name: str, exc: BaseException) -> Check:
    logger.warning("readiness check %s failed: %s", name, exc)
    return Check(False, type(exc).__name__)


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return _failure("database", exc)
    return Check(True)


def check_migrations() -> Check:
    global _migrations_applied
    if _migrations_applied:
        return Check(True)
    try:
        loader = MigrationLoader(connection)
    except DatabaseError as exc:
        return _failure("migrations", exc)
    # Every migration of the code, not just the leaves: a missing one in the middle counts.
    missing = set(loader.graph.nodes) - set(loader.applied_migrations)
    if missing:
        return Check(False, f"{len(missing)} migration(s) not applied")
    _migrations_applied = True
    return Check(True)


def check_blob_root() -> Check:
    if settings.CHANCERY_BLOB_BACKEND != "filesystem":
        return Check(True, "not a filesystem backend")
    root = Path(settings.CHANCERY_BLOB_ROOT)
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-") as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        return _failure("blob_root", exc)
    return Check(True)


def readiness() -> dict[str, Check]:
    """Every check by name; the migrations are not asked about without a database."""
    database = check_database()
    return {
        "database": database,
        "migrations": check_migrations() if database.ok else Check(False, "database unreachable"),
        "blob_root": check_blob_root(),
    }

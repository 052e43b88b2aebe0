"""A database of its own for each benchmark run: ``bench_chancery_<pid>``, dropped at the end.

It lives on the embedded server (or the server of DATABASE_URL), like the test databases, and
reuses the test plugin's helpers: it is cloned from the migrated template database when one
exists for the current migrations, and migrated from scratch otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

# One per process, like the test databases: runs started by several people at once on one
# server must not drop each other's database.
BENCH_DB = f"bench_chancery_{os.getpid()}"


@contextmanager
def bench_database() -> Iterator[None]:
    """Set up Django on a fresh ``BENCH_DB`` database; drop it afterwards."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.conf.test")
    from chancery.conf.database import ensure_embedded_server

    ensure_embedded_server()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from psycopg import errors, sql

    from chancery.testing.plugin import (
        _admin_connection,
        _migrations_fingerprint,
        _use_database,
    )

    settings_dict = dict(connections["default"].settings_dict)
    name = sql.Identifier(BENCH_DB)
    template = sql.Identifier(f"chancery_tpl_{_migrations_fingerprint()}")
    with _admin_connection(settings_dict) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        try:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, template))
            migrated = True
        except (errors.InvalidCatalogName, errors.ObjectInUse):
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
            migrated = False
    _use_database(BENCH_DB)
    if not migrated:
        call_command("migrate", interactive=False, verbosity=0)
    try:
        yield
    finally:
        connections.close_all()
        with _admin_connection(settings_dict) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def _create(admin: object, name: str, template: str) -> bool:
    """Create ``name`` from the migrated template when there is one; whether it was."""
    from psycopg import errors, sql

    try:
        admin.execute(  # type: ignore[attr-defined]
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
        return True
    except (errors.InvalidCatalogName, errors.ObjectInUse):
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))  # type: ignore[attr-defined]
        return False


@contextmanager
def kept_database(name: str, *, fresh: bool = False) -> Iterator[bool]:
    """Switch Django to the persistent database ``name`` (created, migrated, when missing; or
    dropped and recreated when ``fresh``), yielding whether it already existed; back to
    ``BENCH_DB`` afterwards. It is kept: a later run reuses what was loaded into it. An
    existing one is migrated forward (new migrations); a migration edited in place needs
    ``fresh``.
    """
    from django.core.management import call_command
    from django.db import connections
    from psycopg import sql

    from chancery.testing.plugin import (
        _admin_connection,
        _migrations_fingerprint,
        _use_database,
    )

    settings_dict = dict(connections["default"].settings_dict)
    with _admin_connection(settings_dict) as admin:
        if fresh:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        existed = bool(
            admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        )
        migrated = existed or _create(admin, name, f"chancery_tpl_{_migrations_fingerprint()}")
    _use_database(name)
    try:
        if existed or not migrated:
            call_command("migrate", interactive=False, verbosity=0)
        yield existed
    finally:
        connections.close_all()
        _use_database(BENCH_DB)

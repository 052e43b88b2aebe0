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

"""pytest plugin: the embedded PostgreSQL and a template database shared by test runs.

The migrated schema is built once per set of migrations into a template database and every
run clones it (``CREATE DATABASE ... TEMPLATE``), which takes well under a second. Each run
gets its own database name, so several runs (or developers' shells) can share one server.
With DATABASE_URL set, the same happens on that server.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_PACKAGE = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.conf.test")
    from chancery.conf.database import ensure_embedded_server

    ensure_embedded_server()


@pytest.fixture(scope="session", autouse=True)
def _force_login_includes_mfa() -> None:
    """``client.force_login`` yields a fully signed-in session (see chancery.testing.auth)."""
    from chancery.testing.auth import install

    install()


def _migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.glob("**/migrations/*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _admin_connection(settings_dict: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def _use_database(name: str) -> None:
    from django.conf import settings
    from django.db import connections

    for alias in connections:
        connections[alias].close()
        connections[alias].settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_blocker: Any, django_db_createdb: bool, django_db_modify_db_settings: None
) -> Iterator[None]:
    from django.core.management import call_command
    from django.db import connections
    from psycopg import sql

    settings_dict = connections["default"].settings_dict
    template = f"chancery_tpl_{_migrations_fingerprint()}"
    test_db = f"test_chancery_{os.getpid()}"
    with django_db_blocker.unblock(), _admin_connection(settings_dict) as admin:
        # One builder at a time; the others wait, then clone what it built.
        admin.execute("SELECT pg_advisory_lock(hashtext('chancery-test-template'))")
        try:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [template]
            ).fetchone()
            if not exists:
                building = f"{template}_building_{os.getpid()}"
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(building))
                )
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
                _use_database(building)
                call_command("migrate", interactive=False, verbosity=0)
                connections.close_all()
                admin.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(building), sql.Identifier(template)
                    )
                )
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'chancery\\_tpl\\_%%' "
                "AND datname <> %s AND datname NOT LIKE '%%\\_building\\_%%'",
                [template],
            ).fetchall()
            for (name,) in stale:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(test_db)))
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(test_db), sql.Identifier(template)
                )
            )
        finally:
            admin.execute("SELECT pg_advisory_unlock(hashtext('chancery-test-template'))")
    _use_database(test_db)
    yield
    with django_db_blocker.unblock():
        connections.close_all()
        with _admin_connection(settings_dict) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(test_db))
            )


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts in the default language (Vietnamese), whatever ran before it.

    Management commands and code outside a request use the active language; without this a
    test's outcome would depend on which test happened to activate a language last.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)

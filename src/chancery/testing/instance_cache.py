"""Databases of test instances, and the cache of prepared instances they are copied from.

An instance's database is either its own embedded PostgreSQL under its var folder or, when
the test run has ``DATABASE_URL``, a database of its own on that server. Preparing an
instance (migrations, demo organisation, PKI, keys) is kept per instance code: the var folder
(with the embedded server's data folder, stopped cleanly) in a cache folder, or a template
database on the server; the next instance with that code is a copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import itertools
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from chancery.lib import embedded_pg

if TYPE_CHECKING:
    from chancery.testing.instances import Instance

_PACKAGE = Path(__file__).resolve().parent.parent
# What a prepared instance depends on: a change to any of these builds a new one.
_INPUTS = (
    "**/migrations/*.py",
    "core/demo/*.py",
    "core/management/commands/demo.py",
    "signing/actions/*.py",
    "signing/pki/*.py",
    "exchange/identity.py",
)
_LEFT_OUT = ("run", "pg.clients", "pg.lock", "server.log", "worker.log", "prometheus")
_counter = itertools.count()


def _root() -> Path:
    return Path(tempfile.gettempdir()) / "chancery-instances"


def live_dir(code: str) -> Path:
    """A new var folder for a running instance (removed when it is destroyed)."""
    parent = _root() / "live"
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=parent)) / code


def cache_enabled() -> bool:
    return os.environ.get("CHANCERY_INSTANCES_CACHE", "1") not in {"0", "false", "no"}


def _fingerprint(server_url: str | None) -> str:
    digest = hashlib.sha256(str(dt.date.today()).encode())  # demo dates are relative to today
    digest.update((server_url or "embedded").encode())
    for pattern in _INPUTS:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Database:
    """One instance's database: created, attached to, queried and dropped by the harness."""

    def __init__(self, var_dir: Path, server_url: str | None, code: str) -> None:
        self.var_dir = var_dir
        self.server_url = server_url
        self.safe_code = "".join(ch if ch.isalnum() else "_" for ch in code)
        self.name = f"chancery_inst_{self.safe_code}_{os.getpid()}_{next(_counter)}"
        self._attached = False

    @property
    def embedded(self) -> bool:
        return self.server_url is None

    def _url(self, name: str) -> str:
        parts = urlsplit(self.server_url or "")
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))

    def env(self) -> dict[str, str]:
        return {} if self.embedded else {"DATABASE_URL": self._url(self.name)}

    def _connect(self, name: str | None = None) -> Any:
        import psycopg

        if self.embedded:
            info = embedded_pg.server_info(self.var_dir)
            return psycopg.connect(
                host=info.host, port=info.port, user=info.user, dbname=name or "chancery"
            )
        return psycopg.connect(self._url(name or self.name))

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
            conn.execute(statement)

    def exists(self, name: str) -> bool:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return found.fetchone() is not None

    def create(self, template: str | None = None) -> None:
        """An empty database, or a copy of ``template`` (server only; embedded: a no-op, the
        ``chancery`` command creates the database in its own server)."""
        if self.embedded:
            return
        from psycopg import sql

        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name))
        if template:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(self.name), sql.Identifier(template)
            )
        self._admin(statement.as_string())

    def attach(self) -> None:
        """Keep the embedded server running for as long as the harness uses it."""
        if self.embedded and not self._attached:
            embedded_pg.attach(self.var_dir)
            self._attached = True

    def sql(self, query: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        self.attach()
        with self._connect() as conn:
            cursor = conn.execute(query, params)
            rows = cursor.fetchall() if cursor.description else []
            conn.commit()
            return [tuple(row) for row in rows]

    def destroy(self) -> None:
        if self.embedded:
            if self._attached:
                embedded_pg.detach(self.var_dir)
                self._attached = False
            if (self.var_dir / "pgdata").exists():
                embedded_pg.stop(self.var_dir)
            return
        from psycopg import sql

        self._admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            .format(sql.Identifier(self.name))
            .as_string()
        )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # cp -a keeps owners: the embedded data folder belongs to its own user under root.
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)  # noqa: S603, S607
    for name in _LEFT_OUT:
        leftover = target / name
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        elif leftover.exists():
            leftover.unlink()


def _prune(root: Path, keep: str) -> None:
    """Drop cached instances of other fingerprints left for more than a day."""
    for entry in root.glob("*"):
        if (
            entry.is_dir()
            and entry.name not in {keep, "live"}
            and time.time() - entry.stat().st_mtime > 86400
        ):
            shutil.rmtree(entry, ignore_errors=True)


def materialise(instance: Instance, build: Callable[[], None]) -> None:
    """Give ``instance`` its var folder and database, from the cache or by ``build()``."""
    database = instance.database
    if not cache_enabled():
        database.create()
        build()
        return
    root = _root()
    key = _fingerprint(database.server_url)
    golden = root / key / instance.code
    template = f"chancery_inst_tpl_{key}_{database.safe_code}"
    with _locked(root / key / f".{instance.code}.lock"):
        if golden.exists() and not database.embedded and not database.exists(template):
            shutil.rmtree(golden)  # the server lost the template: build again
        if not golden.exists():
            _prune(root, key)
            database.create()
            build()
            if database.embedded:
                embedded_pg.stop(instance.var_dir)  # a clean copy needs a stopped server
            else:
                _snapshot_database(database, template)
            building = golden.with_name(f"{instance.code}.building-{os.getpid()}")
            _copy(instance.var_dir, building)
            building.rename(golden)
            return
        if instance.var_dir.exists():
            shutil.rmtree(instance.var_dir)
        _copy(golden, instance.var_dir)
        database.create(template=None if database.embedded else template)


def _snapshot_database(database: Database, template: str) -> None:
    import psycopg
    from psycopg import sql

    # Templates of other fingerprints (older code) are dropped as new ones are made.
    key = template.removeprefix("chancery_inst_tpl_").split("_", 1)[0]
    with psycopg.connect(database._url("postgres"), autocommit=True) as conn:
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'chancery\\_inst\\_tpl\\_%%'"
            " AND datname NOT LIKE %s",
            [f"chancery_inst_tpl_{key}_%"],
        ).fetchall()
        for (name,) in stale:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    database._admin(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        .format(sql.Identifier(template))
        .as_string()
    )
    database._admin(
        sql.SQL("CREATE DATABASE {} TEMPLATE {}")
        .format(sql.Identifier(template), sql.Identifier(database.name))
        .as_string()
    )

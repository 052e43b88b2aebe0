"""The ``chancery`` command: one entry point for running and operating Chancery.

``chancery run`` is the all-in-one development mode behind ``make run``: embedded database,
migrations, demo data, web server and job worker in one foreground process group.
Every other sub-command is a Django management command (``chancery migrate``,
``chancery demo``, ``chancery audit verify``, ``chancery backup`` ...).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

DEFAULT_BIND = "127.0.0.1:8000"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chancery.conf.dev")
    from chancery.conf.database import ensure_embedded_server

    ensure_embedded_server()
    import django

    django.setup()


def _serve_command(bind: str) -> list[str]:
    # Workers, threads, timeouts and JSON logging live in the gunicorn configuration module.
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "chancery.wsgi:application",
        "--config",
        "python:chancery.conf.gunicorn",
        "--bind",
        bind,
    ]


def _prepare_metrics_dir() -> None:
    """Give gunicorn's workers an empty folder to share Prometheus values through.

    Must happen before the workers start: prometheus_client picks its mode when imported.
    Values left by a previous run would otherwise be added to this run's.
    """
    from pathlib import Path

    from chancery.conf import env

    path = Path(env.get("PROMETHEUS_MULTIPROC_DIR") or (env.var_dir() / "prometheus"))
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "chancery.cli", "worker"]


def serve(argv: Sequence[str]) -> int:
    from chancery.conf import env

    bind = argv[0] if argv else (env.get("CHANCERY_BIND") or DEFAULT_BIND)
    _setup_django()
    _prepare_metrics_dir()
    os.execv(sys.executable, _serve_command(bind))  # noqa: S606 - replaces this process
    return 0  # pragma: no cover


def worker(argv: Sequence[str]) -> int:
    _setup_django()
    from django.core.management import call_command

    call_command("procrastinate", "worker", *argv)
    return 0


def _wait_until_serving(bind: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Block until ``/healthz`` answers, so the URL printed next already works."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://{bind}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)


def run(argv: Sequence[str]) -> int:
    """Development all-in-one: migrate, demo data, web server and worker; Ctrl-C stops all."""
    from chancery.conf import env

    bind = argv[0] if argv else (env.get("CHANCERY_BIND") or DEFAULT_BIND)
    started = time.monotonic()
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo", verbosity=1)
    # The internal CA, TSA and demo staff keys (PIN 123456), so signing works out of the box.
    call_command("pki", "init", "--demo", verbosity=1)
    _prepare_metrics_dir()
    children = [
        subprocess.Popen(_serve_command(bind)),  # noqa: S603
        subprocess.Popen(_worker_command()),  # noqa: S603
    ]
    _wait_until_serving(bind, children[0])
    port = bind.rsplit(":", 1)[-1]
    print(  # noqa: T201
        f"\nChancery is running at http://{bind}/  (ready in {time.monotonic() - started:.1f}s)\n"
        f"Security keys (WebAuthn) need a host name: use http://localhost:{port}/ for the cleared"
        " accounts.\nCtrl-C stops the server, the worker and the database.\n",
        flush=True,
    )
    stopping = False

    def _stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        # The embedded database stops when this last client detaches (atexit).
    return 0 if stopping else 1


def db(argv: Sequence[str]) -> int:
    """``chancery db status|stop|url`` for the embedded server."""
    from chancery.conf import env
    from chancery.conf.database import uses_embedded
    from chancery.lib import embedded_pg

    action = argv[0] if argv else "status"
    if not uses_embedded():
        print("DATABASE_URL is set: the embedded server is not used.")  # noqa: T201
        return 0
    var = env.var_dir()
    if action == "stop":
        embedded_pg.stop(var)
        return 0
    if action == "url":
        info = embedded_pg.server_info(var)
        print(f"postgresql://{info.user}@/chancery?host={info.host}")  # noqa: T201
        return 0
    print("running" if embedded_pg.is_running(var) else "stopped")  # noqa: T201
    return 0


COMMANDS = {"run": run, "serve": serve, "worker": worker, "db": db}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        return COMMANDS[args[0]](args[1:])
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["chancery", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Gunicorn's configuration for ``chancery serve`` (``--config python:chancery.conf.gunicorn``).

Access and error logs are JSON lines like the application's own, with the request id the
application returned, so one ``request_id`` joins the proxy's, gunicorn's and Django's lines.
The access log records the path without its query string: queries can carry search terms
and tokens that have no business in a log.

Four settings keep the tail latency down under a spike of keep-alive clients (measured with
``python -m bench portal``; see docs/portal.md, "Benchmark"):

- Each worker listens on a socket of its own (``SO_REUSEPORT``), and the kernel spreads new
  connections evenly over them. On one shared socket, whichever worker wakes first takes a
  burst of connections, and keep-alive clients stay where they landed: 100 connections opened
  at once were split 85/15 or even 100/0 between two workers, which doubled the p99 latency or
  left a core idle for the whole run.
- Each worker freezes what it has loaded out of the garbage collector's reach (``gc.freeze``),
  once booted and again once warm, so that a full collection walks only what requests make:
  otherwise one takes 150-250 ms in a worker that holds Django and Wagtail, and every request
  of that worker waits for it.
- Each worker opens its caches before serving: the first use of Redis imports and connects its
  client, which stalled the first readers for a few hundred milliseconds.
- The access log on standard output is written in batches, its lines built without a log
  record (``lib/jsonlog.py``): written a line at a time, it was a fifth of a cached page's cost.
"""

from __future__ import annotations

import gc
import logging
import os
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from gunicorn import glogging

from chancery.conf import env
from chancery.lib.jsonlog import BatchingStreamHandler, JsonFormatter, json_line

bind = [env.get("CHANCERY_BIND") or "127.0.0.1:8000"]
workers = env.get_int("CHANCERY_WEB_WORKERS", 2)
threads = env.get_int("CHANCERY_WEB_THREADS", 4)
worker_class = "gthread"
timeout = env.get_int("CHANCERY_WEB_TIMEOUT", 60)
graceful_timeout = 10
# The reverse proxy's address: only it may tell gunicorn the original scheme (HTTPS).
forwarded_allow_ips = env.get("CHANCERY_FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"
accesslog = "-"
errorlog = "-"
loglevel = (env.get("LOG_LEVEL") or "info").lower()
logger_class = "chancery.conf.gunicorn.JsonLogger"
# Gunicorn 24+ opens a control socket at one fixed path per user; several instances on a
# machine (a test run beside ``make run``) would fight over it, and Chancery does not use it.
control_socket_disable = True
# The workers' heartbeat file is touched on every turn of their loop (every request under load):
# in memory, not on the container's overlay filesystem (gunicorn's advice for containers). The
# file is made by mkstemp and unlinked at once, so a shared folder exposes nothing.
_SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None


# After this many requests a worker has built what it builds lazily (URL resolvers, compiled
# templates, Wagtail's site and page-type caches): what exists then is frozen as well.
WARM_REQUESTS = 200


def listeners_of_their_own(
    addresses: Sequence[Any], environ: Mapping[str, str], *, wanted: bool = True
) -> bool:
    """Whether the workers can each listen on their own socket: TCP addresses only (a worker
    binding a Unix socket would remove the previous worker's file), no socket handed over by
    systemd (``LISTEN_FDS``: that socket is the one to serve), a kernel with ``SO_REUSEPORT``,
    and not turned off with ``CHANCERY_WEB_REUSE_PORT=false``."""
    if not wanted or not hasattr(socket, "SO_REUSEPORT") or environ.get("LISTEN_FDS"):
        return False
    return bool(addresses) and all(isinstance(address, tuple) for address in addresses)


def can_bind(address: tuple[Any, ...]) -> bool:
    """Whether a plain socket can bind ``address`` now (``SO_REUSEADDR`` so that connections in
    TIME_WAIT do not count, no ``SO_REUSEPORT``). It cannot when something listens there,
    including another Chancery: sharing the port, both would silently split its traffic. Nor
    when the address is wrong or the port privileged: gunicorn's own bind then says why."""
    family = socket.AF_INET6 if ":" in str(address[0]) else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError:
            return False
    return True


def on_starting(server: Any) -> None:
    """Give each worker its own listening socket when it can (see the module's doc). An address
    that cannot be bound (already served, wrong, privileged) keeps gunicorn's shared socket,
    whose bind then fails as usual, e.g. with "Connection in use" instead of joining the other
    server."""
    addresses = server.cfg.address
    if not listeners_of_their_own(
        addresses, os.environ, wanted=env.get_bool("CHANCERY_WEB_REUSE_PORT", True)
    ):
        return
    if all(can_bind(address) for address in addresses):
        server.cfg.set("reuse_port", True)


def when_ready(server: Any) -> None:
    """Say where the workers listen: with a socket per worker the master holds none, and
    gunicorn's own "Listening at" line names no address."""
    if server.cfg.reuse_port and not server.LISTENERS:
        where = ", ".join(_url(address) for address in server.cfg.address)
        server.log.info("Listening at: %s (a socket per worker)", where)


def _url(address: Any) -> str:
    host, port = address[0], address[1]
    return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"


def post_worker_init(worker: Any) -> None:
    """The application is loaded: open the caches, then collect once and freeze what survived
    (see the module's doc)."""
    _open_caches(worker)
    gc.collect()
    gc.freeze()
    worker.chancery_warm = threading.Event()


def _open_caches(worker: Any) -> None:
    """Use each configured cache once: the first use imports its client and connects (Redis),
    a stall of a few hundred milliseconds that would otherwise fall on the first readers. A
    cache that is down is logged; requests find out the way they always do."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        try:
            caches[alias].get("chancery:worker-started")
        except Exception:
            worker.log.warning("cache %r unavailable at worker start", alias, exc_info=True)


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """Freeze once more when the worker is warm (its request count passes ``WARM_REQUESTS``)."""
    warm = getattr(worker, "chancery_warm", None)
    if warm is not None and not warm.is_set() and worker.nr >= WARM_REQUESTS:
        warm.set()
        gc.freeze()


class JsonLogger(glogging.Logger):  # type: ignore[misc]
    """Gunicorn's logger with JSON lines and a structured access record."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = JsonFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
        # The access log on standard output is written in batches (see the module's doc). A log
        # file keeps gunicorn's own handler, which it reopens on USR1.
        for index, handler in enumerate(self.access_log.handlers):
            if type(handler) is logging.StreamHandler:
                batching = BatchingStreamHandler(handler.stream)
                batching.setFormatter(formatter)
                batching._gunicorn = True  # type: ignore[attr-defined]  # gunicorn's own mark
                self.access_log.handlers[index] = batching

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        # Read straight from the request and response: gunicorn's ``atoms()`` formats the time,
        # and copies every header and environ entry on every request, a fifth of the cost of a
        # cached portal page under load.
        if not self.access_log_enabled:
            return
        status = str(resp.status).split(None, 1)[0]
        request_id = next(
            (value for name, value in resp.headers if name.lower() == "x-request-id"), "-"
        )
        record = {
            "remote": environ.get("REMOTE_ADDR", "-"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status) if status.isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "request_id": request_id,
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR", "-"),
            "user_agent": environ.get("HTTP_USER_AGENT", "-"),
        }
        message = f"{record['method']} {record['path']} {status}"
        handlers = self.access_log.handlers
        if (
            len(handlers) == 1
            and isinstance(handlers[0], BatchingStreamHandler)
            and self.access_log.isEnabledFor(logging.INFO)
        ):
            # The same line as the formatter's, without a log record: on a cached portal page
            # the record and its formatting cost as much as finding the page.
            line = json_line(time.time(), "info", self.access_log.name, message, record)
            handlers[0].write_line(line)
        else:
            self.access_log.info("%s", message, extra=record)


def child_exit(server: Any, worker: Any) -> None:
    """Let prometheus_client forget the live gauges of a worker that exited."""
    if env.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]

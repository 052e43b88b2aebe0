"""Gunicorn's configuration for ``chancery serve`` (``--config python:chancery.conf.gunicorn``).

Access and error logs are JSON lines like the application's own, with the request id the
application returned, so one ``request_id`` joins the proxy's, gunicorn's and Django's lines.
The access log records the path without its query string: queries can carry search terms
and tokens that have no business in a log.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn import glogging

from chancery.conf import env
from chancery.lib.jsonlog import JsonFormatter

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


class JsonLogger(glogging.Logger):  # type: ignore[misc]
    """Gunicorn's logger with JSON lines and a structured access record."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        formatter = JsonFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)

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
        self.access_log.info("%s %s %s", record["method"], record["path"], status, extra=record)


def child_exit(server: Any, worker: Any) -> None:
    """Let prometheus_client forget the live gauges of a worker that exited."""
    if env.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]

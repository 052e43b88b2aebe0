"""The web stack under load: what a workspace page and an API list cost against a bare view.

``chancery serve`` (gunicorn, the production server and configuration) runs on a free loopback
port against the benchmark database, filled with the demo ministry. wrk drives it with 20
connections for DURATION seconds per target:

(a) a bare view (``bench/urls.py``, routed only by ``bench/settings.py``): the middleware stack
    and nothing else, the baseline;
(b) the workspace home page, signed in (a session row written directly, stamped as a finished
    MFA sign-in the way ``core.signin.finish`` does);
(c) ``GET /api/v1/units`` with a personal API token.

Reported per target: requests/s, p95 latency, both as ratios to the bare view, and the number
of SQL queries one request runs (counted in-process on a warm second request).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import settings as bench_settings

Metric = dict[str, Any]

DURATION = int(os.environ.get("BENCH_WEB_SECONDS", "10"))
CONNECTIONS = 20
ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    "BENCH {\\"requests\\": %d, \\"seconds\\": %.3f, \\"p50_ms\\": %.3f, \\"p95_ms\\": %.3f, "
    .. "\\"p99_ms\\": %.3f, \\"errors\\": %d, \\"bad_status\\": %d}\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, errors, summary.errors.status))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _credentials() -> tuple[str, str]:
    """A signed-in session cookie and an API token of a demo account with a unit."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from chancery.core import signin
    from chancery.core.actions.tokens import create_token
    from chancery.core.demo import load
    from chancery.core.models import User

    load()
    user = User.objects.filter(is_active=True, unit__isnull=False, is_superuser=False).first()
    assert user is not None, "the demo data has no member of staff"
    session = SessionStore()
    now = time.time()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[signin.LOGIN_AT] = now
    session[signin.SEEN_AT] = now
    session[signin.FACTORS] = ["totp"]
    session.create()
    token = create_token(user, "bench", ["read:org"], timezone.now() + timedelta(days=1))
    return str(session.session_key), token.secret


def _server_environment(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        CHANCERY_BIND=f"127.0.0.1:{port}",
        LOG_LEVEL="warning",
    )
    database = settings.DATABASES["default"]["NAME"]
    url = env.get("DATABASE_URL")
    if url:
        from urllib.parse import urlsplit, urlunsplit

        env["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{database}"))
    else:
        env["CHANCERY_DB_NAME"] = database
    return env


@contextmanager
def _server(port: int) -> Any:
    """``chancery serve`` on the loopback port, stopped (its process group) afterwards."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "chancery.cli", "serve", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=_server_environment(port),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(port, process, log)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(port: int, process: subprocess.Popen[bytes], log: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"chancery serve exited:\n{log.read().decode()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("chancery serve did not answer within 60 s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _check(url: str, headers: dict[str, str], expect: bytes) -> None:
    """One request must answer 200 with ``expect`` in it: a redirect to sign-in is a failure."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback URL we built
    try:
        with opener.open(request, timeout=10) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"{url} answered {error.code}, not 200") from error
    if status != 200 or expect not in body:
        raise RuntimeError(f"{url} answered {status} without {expect!r}")


def _wrk(
    url: str,
    headers: dict[str, str],
    *,
    connections: int = CONNECTIONS,
    duration: int = DURATION,
) -> dict[str, float]:
    """wrk against ``url``: requests/s, p50/p95/p99 latency; any error or status >= 400 fails."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
        command += ["-s", script.name]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*command, url], capture_output=True, text=True, check=True, timeout=duration + 60
        ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result: dict[str, float] = json.loads(line.removeprefix("BENCH "))
    if result["errors"] or result["bad_status"]:
        raise RuntimeError(f"{url}: {result['errors']} socket errors, {result['bad_status']} >=400")
    result["rps"] = result["requests"] / result["seconds"]
    return result


def _queries(path: str, headers: dict[str, str]) -> int:
    """SQL statements of one warm request, in-process on the same database and settings."""
    public = [*settings.CHANCERY_PUBLIC_PATH_PREFIXES, "/bench/"]
    meta = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    # The same lifted limits as the server (bench/settings.py): wrk has just spent the token's
    # quota in the shared counters, and this measures a request, not a refusal.
    with override_settings(
        ROOT_URLCONF="bench.urls",
        CHANCERY_PUBLIC_PATH_PREFIXES=public,
        CHANCERY_API_RATE_LIMITS=bench_settings.CHANCERY_API_RATE_LIMITS,
    ):
        client = Client(HTTP_HOST="127.0.0.1", **meta)
        client.get(path)  # warm: session touch, token last-used, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def run() -> list[Metric]:
    if shutil.which("wrk") is None:
        print("bench_web skipped: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return []
    session_key, token = _credentials()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    targets = [
        ("bare view", "/bench/bare/", {}, b"ok"),
        ("workspace home", "/", {"Cookie": cookie}, b"<main"),
        ("API units", "/api/v1/units", {"Authorization": f"Bearer {token}"}, b'"items"'),
    ]
    port = _free_port()
    measured: list[tuple[str, dict[str, float], int]] = []
    with _server(port):
        for label, path, headers, expect in targets:
            url = f"http://127.0.0.1:{port}{path}"
            _check(url, headers, expect)
            measured.append((label, _wrk(url, headers), _queries(path, headers)))
    base = measured[0][1]
    metrics: list[Metric] = []
    for label, result, queries in measured:
        note = f"{CONNECTIONS} connections, {DURATION}s"
        metrics += [
            {"name": f"{label}: requests/s", "value": result["rps"], "unit": "req/s", "note": note},
            {"name": f"{label}: p95 latency", "value": result["p95_ms"], "unit": "ms"},
            {"name": f"{label}: SQL queries per request", "value": queries, "unit": "queries"},
        ]
        if result is not base:
            metrics += [
                {
                    "name": f"{label}: throughput / bare view",
                    "value": result["rps"] / base["rps"],
                    "unit": "ratio",
                },
                {
                    "name": f"{label}: p95 / bare view",
                    "value": result["p95_ms"] / base["p95_ms"],
                    "unit": "ratio",
                },
            ]
    return metrics

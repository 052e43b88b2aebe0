"""``chancery serve`` as deployed: gunicorn with several workers, JSON access log, and metrics
merged across the workers whichever of them answers the scrape."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chancery.core.tests.jobs_helpers import lines, stop, subprocess_environment, wait_for

HEALTHZ_SAMPLE = re.compile(
    r'^chancery_http_requests_total\{method="GET",route="core:healthz",status="200"\} (\S+)$',
    re.MULTILINE,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, request_id: str | None = None) -> tuple[int, str]:
    headers = {"X-Request-ID": request_id} if request_id else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - http on loopback
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except OSError:
        return 0, ""


@contextlib.contextmanager
def _serving(
    log_path: Path, metrics_dir: Path, *, workers: int
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``chancery serve`` on a free port with ``workers`` workers of one thread each, its output
    in ``log_path``: its base URL once ready, and the process (stopped afterwards)."""
    base = f"http://127.0.0.1:{_free_port()}"
    environment = subprocess_environment(
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        CHANCERY_WEB_WORKERS=str(workers),
        CHANCERY_WEB_THREADS="1",
    )
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "chancery.cli", "serve", base.removeprefix("http://")],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: _get(f"{base}/readyz")[0] == 200, 60, "the server to be ready")
            yield base, server
        finally:
            stop(server)


def _access_lines(log_path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines(log_path) if '"logger": "gunicorn.access"' in line]


@pytest.mark.slow
def test_served_metrics_add_up_across_workers_and_access_log_is_json(
    db: None, tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"left over from a previous run")
    log_path = tmp_path / "serve.log"
    with _serving(log_path, metrics_dir, workers=2) as (base, _server):
        assert not (metrics_dir / "counter_999999.db").exists()
        for n in range(20):
            assert _get(f"{base}/healthz", request_id=f"probe-{n}")[0] == 200
        scrapes = [_get(f"{base}/metrics") for _ in range(6)]

    for status, body in scrapes:
        assert status == 200
        assert HEALTHZ_SAMPLE.findall(body) == ["20.0"]
    assert len(list(metrics_dir.glob("*.db"))) >= 1

    probe = next(entry for entry in _access_lines(log_path) if entry["request_id"] == "probe-7")
    assert (probe["method"], probe["path"], probe["status"]) == ("GET", "/healthz", 200)
    assert probe["duration_ms"] >= 0


@pytest.mark.slow
def test_the_access_line_of_a_request_answered_just_before_the_server_stops_is_written(
    db: None, tmp_path: Path
) -> None:
    """The access log on stdout is written in batches (at most every 100 ms): a worker that is
    stopped right after a request still writes that request's line before it exits."""
    log_path = tmp_path / "serve.log"
    with _serving(log_path, tmp_path, workers=1) as (base, server):
        assert _get(f"{base}/healthz", request_id="the-last-one")[0] == 200
        # Leaving the block stops the server at once: well within the 100 ms a line may wait.
    assert server.returncode == 0
    assert [
        entry["path"] for entry in _access_lines(log_path) if entry["request_id"] == "the-last-one"
    ] == ["/healthz"]


def _listening_sockets(port: int) -> int:
    """How many sockets listen on ``port`` (IPv4), from the kernel's table."""
    table = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(
        1
        for line in table
        if (fields := line.split())[1].endswith(f":{port:04X}") and fields[3] == "0A"  # LISTEN
    )


@pytest.mark.slow
def test_each_worker_listens_on_its_own_socket_and_a_second_server_is_refused_the_port(
    db: None, tmp_path: Path
) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    environment = subprocess_environment(
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path), CHANCERY_WEB_WORKERS="3", CHANCERY_WEB_THREADS="1"
    )
    command = [sys.executable, "-m", "chancery.cli", "serve", f"127.0.0.1:{port}"]
    with (tmp_path / "first.log").open("wb") as log:
        first = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: _get(f"{base}/readyz")[0] == 200, 60, "the server to be ready")
            # One socket per worker: the kernel spreads connections over the three workers.
            wait_for(lambda: _listening_sockets(port) == 3, 30, "three listening sockets")
            assert (
                f"Listening at: {base} (a socket per worker)"
                in (tmp_path / "first.log").read_text()
            )
            second = subprocess.run(
                command, env=environment, capture_output=True, text=True, timeout=60, check=False
            )
            assert second.returncode != 0
            assert "Connection in use" in second.stdout + second.stderr
            assert _listening_sockets(port) == 3
            assert _get(f"{base}/healthz")[0] == 200
        finally:
            stop(first)


@pytest.mark.parametrize(
    ("addresses", "environ", "wanted", "expected"),
    [
        ([("127.0.0.1", 8000)], {}, True, True),
        ([("127.0.0.1", 8000), ("::1", 8000)], {}, True, True),
        ([("127.0.0.1", 8000)], {}, False, False),  # CHANCERY_WEB_REUSE_PORT=false
        (["/run/chancery.sock"], {}, True, False),  # a Unix socket: one file, one socket
        ([("127.0.0.1", 8000), "/run/chancery.sock"], {}, True, False),
        ([("127.0.0.1", 8000)], {"LISTEN_FDS": "1"}, True, False),  # systemd's socket
        ([], {}, True, False),
    ],
)
def test_workers_get_sockets_of_their_own_only_where_that_is_safe(
    addresses: list[object], environ: dict[str, str], wanted: bool, expected: bool
) -> None:
    from chancery.conf.gunicorn import listeners_of_their_own

    assert listeners_of_their_own(addresses, environ, wanted=wanted) is expected


def test_a_port_can_be_bound_only_while_nothing_listens_on_it() -> None:
    from chancery.conf.gunicorn import can_bind

    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        address = listener.getsockname()
        assert not can_bind(address)
    assert can_bind(address)
    assert not can_bind(("192.0.2.1", address[1]))  # an address of no interface here


def test_a_worker_opens_its_caches_and_freezes_what_it_loaded_when_booted_and_when_warm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc
    from types import SimpleNamespace

    from chancery.conf import gunicorn as config

    calls: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(config, "_open_caches", lambda worker: calls.append("caches"))
    worker = SimpleNamespace(nr=0)
    config.post_worker_init(worker)
    assert calls == ["caches", "collect", "freeze"]
    for served in (1, config.WARM_REQUESTS - 1, config.WARM_REQUESTS, config.WARM_REQUESTS + 1):
        worker.nr = served
        config.post_request(worker, None, {}, None)
    assert calls == ["caches", "collect", "freeze", "freeze"]


def test_a_worker_opens_every_cache_at_start_and_a_cache_that_is_down_does_not_stop_it(
    settings: Any,
) -> None:
    from types import SimpleNamespace

    from django.core.cache import caches

    from chancery.conf import gunicorn as config

    warnings: list[str] = []
    worker = SimpleNamespace(log=SimpleNamespace(warning=lambda *a, **k: warnings.append(a[1])))
    config._open_caches(worker)
    assert warnings == []
    assert all(alias in caches for alias in caches.settings)

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",  # nothing listens there
        }
    }
    config._open_caches(worker)
    assert warnings == ["default"]

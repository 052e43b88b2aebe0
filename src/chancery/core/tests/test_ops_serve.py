"""``chancery serve`` as deployed: gunicorn with several workers, JSON access log, and metrics
merged across the workers whichever of them answers the scrape."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

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


@pytest.mark.slow
def test_served_metrics_add_up_across_workers_and_access_log_is_json(
    db: None, tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"left over from a previous run")
    base = f"http://127.0.0.1:{_free_port()}"
    log_path = tmp_path / "serve.log"
    environment = subprocess_environment(
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        CHANCERY_WEB_WORKERS="2",
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
            assert not (metrics_dir / "counter_999999.db").exists()
            for n in range(20):
                assert _get(f"{base}/healthz", request_id=f"probe-{n}")[0] == 200
            scrapes = [_get(f"{base}/metrics") for _ in range(6)]
        finally:
            stop(server)

    for status, body in scrapes:
        assert status == 200
        assert HEALTHZ_SAMPLE.findall(body) == ["20.0"]
    assert len(list(metrics_dir.glob("*.db"))) >= 1

    access = [json.loads(line) for line in lines(log_path) if '"logger": "gunicorn.access"' in line]
    probe = next(entry for entry in access if entry.get("request_id") == "probe-7")
    assert (probe["method"], probe["path"], probe["status"]) == ("GET", "/healthz", 200)
    assert probe["duration_ms"] >= 0

"""Running real Procrastinate workers from tests, in this process or as a ``chancery worker``.

Every test uses a queue of its own, so that a worker it starts never picks up another test's
jobs, and the workers point at this run's test database.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from procrastinate.contrib.django import app

from chancery.conf.database import uses_embedded
from chancery.core.jobs_runtime import ChanceryConnector

if TYPE_CHECKING:
    from procrastinate import App

T = TypeVar("T")


def unique_queue() -> str:
    return f"test_{uuid.uuid4().hex[:12]}"


def _worker_connector() -> Any:
    assert isinstance(app.connector, ChanceryConnector)
    return app.connector.get_worker_connector()


def run_worker(queue: str) -> None:
    """Run a worker in this process until ``queue`` has nothing due, the way
    ``chancery worker`` does (its own pool, Chancery's worker connector)."""
    with app.replace_connector(_worker_connector()) as worker_app:
        worker_app.run_worker(
            queues=[queue], wait=False, install_signal_handlers=False, listen_notify=False
        )


def run_with_worker_app(work: Callable[[App], Awaitable[T]]) -> T:
    """Run ``work(app)`` with the app opened as a worker opens it (pool, worker connector)."""

    async def opened() -> T:
        async with worker_app.open_async():
            return await work(worker_app)

    with app.replace_connector(_worker_connector()) as worker_app:
        return asyncio.run(opened())


def job_row(job_id: int) -> dict[str, Any] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts, scheduled_at, queue_name, task_name "
            "FROM procrastinate_jobs WHERE id = %s",
            [job_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    keys = ("status", "attempts", "scheduled_at", "queue_name", "task_name")
    return dict(zip(keys, row, strict=True))


def status_of(job_id: int) -> str | None:
    row = job_row(job_id)
    return None if row is None else str(row["status"])


def attempts_of(job_id: int) -> int | None:
    row = job_row(job_id)
    return None if row is None else int(row["attempts"])


def seconds_until_due(job_id: int) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(EPOCH FROM scheduled_at - now()) FROM procrastinate_jobs WHERE id = %s",
            [job_id],
        )
        return float(cursor.fetchone()[0])


def make_due(job_id: int) -> None:
    """Move a retry's scheduled time to now: the backoff has been checked, not waited for."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", [job_id])


def subprocess_environment(**overrides: str) -> dict[str, str]:
    """The environment of a ``chancery`` subprocess (worker, server, check) that uses this
    run's test database."""
    name = settings.DATABASES["default"]["NAME"]
    environment = dict(os.environ)
    environment["DJANGO_SETTINGS_MODULE"] = "chancery.conf.test"
    if uses_embedded():
        environment["CHANCERY_DB_NAME"] = name
    else:
        url = urlsplit(environment["DATABASE_URL"])
        environment["DATABASE_URL"] = url._replace(path=f"/{name}").geturl()
    environment.update(overrides)
    return environment


def start_worker(queues: list[str], log: IO[bytes], **overrides: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "chancery.cli", "worker", "--queues", ",".join(queues)],
        env=subprocess_environment(**overrides),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

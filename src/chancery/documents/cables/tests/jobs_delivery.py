"""Running the delivery jobs the way a worker would, with the time the test controls."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.utils import timezone

from chancery.documents.cables import tasks

_TASKS: dict[str, Any] = {
    "cables.check_ack_timers": tasks.check_ack_timers,
    "cables.sweep_ack_timers": tasks.sweep_ack_timers,
}


def scheduled(task_name: str = "cables.check_ack_timers") -> list[tuple[Any, dict[str, Any]]]:
    """(scheduled_at, args) of the jobs of ``task_name`` still to run, earliest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scheduled_at, args FROM procrastinate_jobs "
            "WHERE task_name = %s AND status = 'todo' ORDER BY scheduled_at NULLS FIRST, id",
            [task_name],
        )
        return [(at, _args(args)) for at, args in cursor.fetchall()]


def _args(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def run_due_jobs() -> int:
    """Run every delivery job whose time has come (now as time-machine says), once each, like
    a worker; returns how many ran."""
    ran = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, task_name, args FROM procrastinate_jobs "
                "WHERE task_name = ANY(%s) AND status = 'todo' "
                "AND (scheduled_at IS NULL OR scheduled_at <= %s) ORDER BY id LIMIT 1",
                [list(_TASKS), timezone.now()],
            )
            row = cursor.fetchone()
            if row is None:
                return ran
            job_id, name, args = row
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'succeeded' WHERE id = %s", [job_id]
            )
        _TASKS[name](**_args(args))
        ran += 1

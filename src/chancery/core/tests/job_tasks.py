"""Jobs that exist only for the tests (listed in ``PROCRASTINATE_IMPORT_PATHS`` of the test
settings, so that worker processes started by the tests know them too).

They leave their traces in files rather than tables: a worker in another process sees the same
files, and a file outlives the transaction of a test.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.db import transaction
from procrastinate import JobContext

from chancery.core.actions.jobs import report_progress
from chancery.core.jobs import job_task


class DeliberateFailure(RuntimeError):
    pass


def _append(path: str, line: str) -> None:
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


@job_task(name="testjobs.touch")
def touch(path: str) -> None:
    _append(path, "ran")


@job_task(name="testjobs.flaky")
def flaky(path: str, failures: int) -> None:
    """Fails the first ``failures`` runs, then succeeds; each run adds a line to ``path``."""
    runs = len(Path(path).read_text(encoding="utf-8").splitlines()) if Path(path).exists() else 0
    _append(path, f"run {runs + 1}")
    if runs < failures:
        raise DeliberateFailure(f"failure {runs + 1} of {failures}")


@job_task(name="testjobs.always_fails", retry=False)
def always_fails(reason: str) -> None:
    raise DeliberateFailure(reason)


@job_task(name="testjobs.defer_touch_then_fail", retry=False)
def defer_touch_then_fail(path: str, queue: str) -> None:
    """Defers a follow-up job inside a transaction that then rolls back."""
    with transaction.atomic():
        touch.configure(queue=queue).defer(path=path)
        raise DeliberateFailure("rolled back after deferring")


@job_task(name="testjobs.defer_touch", retry=False)
def defer_touch(path: str, queue: str) -> None:
    with transaction.atomic():
        touch.configure(queue=queue).defer(path=path)


@job_task(name="testjobs.count_to")
def count_to(total: int) -> None:
    for done in range(1, total + 1):
        report_progress(None, done, total, f"item {done}")


@job_task(name="testjobs.block_first_attempt", pass_context=True)
def block_first_attempt(context: JobContext, folder: str) -> None:
    """The first attempt signals it started and then hangs; any later attempt finishes."""
    attempt = context.job.attempts
    _append(str(Path(folder) / "started"), str(attempt))
    if attempt == 0:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.2)
        raise DeliberateFailure("the test should have killed this worker")
    _append(str(Path(folder) / "done"), str(attempt))

"""Background jobs, the Chancery way (Procrastinate underneath).

Declare a job with ``@job_task`` in your app's ``tasks.py`` and defer it from an action::

    @job_task(name="documents.index_document", queue="default")
    def index_document(document_id: int) -> None:
        ...

    def register_incoming(actor, ...):          # in documents/actions.py
        with transaction.atomic():
            document = Document.objects.create(...)
            record_audit(actor, "document.register", document)
            index_document.defer(document_id=document.pk)

The rules every job follows:

* **Deferred inside the transaction of the write that causes it.** ``defer()`` writes the job
  row on the same database connection, so a rolled-back write leaves no job and a committed
  one always has its job. This holds in web processes and inside a running job alike.
* **Takes ids, not objects.** Arguments are JSON: ids and small scalars. The job reads the
  current state when it runs; it may run minutes after the write, or again after a failure.
* **Idempotent.** Running it twice has the effect of running it once: a worker that dies
  mid-job (a crash, a redeploy, a lost machine) has its job run again by another worker, and
  an administrator may retry a failed job from ``/ops/jobs/``. Check before acting ("already
  sent?"), write with ``update_or_create``, use ``queueing_lock`` for "at most one pending".
* **Retries with exponential backoff** by default (``default_retry``); pass ``retry=False``
  for jobs that must not repeat themselves automatically.
* **Runs in a named queue** (``QUEUES``) so that operators can dedicate workers to it.
* **Long jobs report progress** with ``report_progress`` (``core.service``), which the UI polls.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar, overload

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.utils.translation import gettext_lazy as _
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from chancery.lib import logcontext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from procrastinate import App, JobContext
    from procrastinate.retry import RetryValue
    from procrastinate.tasks import Task

P = ParamSpec("P")
R = TypeVar("R")

# Queue names are part of the deployment: workers are started with ``--queues``. A name not
# listed here is refused at import time, because a job in a queue nobody serves never runs.
QUEUES: dict[str, StrOrPromise] = {
    "default": _("Everything without a more specific queue."),
    "ops": _("Platform housekeeping: stalled jobs, pruning old jobs."),
    "email": _("Outgoing e-mail."),
    "bulk": _("Long imports, exports and reindexing, kept apart from interactive work."),
    "signing": _("Work that needs the signing token or HSM."),
    "exchange": _("Calls to partner agencies and national platforms."),
}

_TASK_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


def default_retry(
    max_attempts: int | None = None, backoff_seconds: int | None = None
) -> RetryStrategy:
    """Up to ``max_attempts`` retries, waiting ``backoff**1``, ``backoff**2`` ... seconds."""
    return RetryStrategy(
        max_attempts=settings.CHANCERY_JOB_MAX_ATTEMPTS if max_attempts is None else max_attempts,
        exponential_wait=(
            settings.CHANCERY_JOB_BACKOFF_SECONDS if backoff_seconds is None else backoff_seconds
        ),
    )


def _check(name: str, queue: str) -> None:
    if not _TASK_NAME.match(name):
        raise ImproperlyConfigured(f"job name {name!r} must look like '<app>.<function>'")
    if queue not in QUEUES:
        raise ImproperlyConfigured(f"job {name!r}: unknown queue {queue!r} (see core.jobs.QUEUES)")


@overload
def job_task(
    *,
    name: str,
    queue: str = ...,
    retry: RetryValue | None = ...,
    pass_context: Literal[False] = ...,
    priority: int = ...,
    lock: str | None = ...,
    queueing_lock: str | None = ...,
) -> Callable[[Callable[P, R]], Task[P, R, P]]: ...


@overload
def job_task(
    *,
    name: str,
    queue: str = ...,
    retry: RetryValue | None = ...,
    pass_context: Literal[True],
    priority: int = ...,
    lock: str | None = ...,
    queueing_lock: str | None = ...,
) -> Callable[
    [Callable[Concatenate[JobContext, P], R]], Task[Concatenate[JobContext, P], R, P]
]: ...


def job_task(
    *,
    name: str,
    queue: str = "default",
    retry: RetryValue | None = None,
    pass_context: bool = False,
    priority: int = 0,
    lock: str | None = None,
    queueing_lock: str | None = None,
) -> Any:
    """Declare a Chancery job.

    ``name`` is explicit (``"<app>.<function>"``) so that jobs already queued still find their
    code after a refactoring moves it. ``retry=None`` means ``default_retry()``.
    """
    _check(name, queue)
    declare = app.task(
        name=name,
        queue=queue,
        retry=default_retry() if retry is None else retry,
        pass_context=pass_context,  # type: ignore[call-overload]
        priority=priority,
        lock=lock,
        queueing_lock=queueing_lock,
    )
    return lambda func: declare(_closing_connections(func))


def close_thread_connections() -> None:
    """Close this thread's database connections unless a transaction is open on them.

    Sync jobs run in worker threads that Django's request cycle never cleans up; their
    connections would otherwise outlive the job and hold the database open.
    """
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def _closing_connections(func: Callable[P, R]) -> Callable[P, R]:
    """Every sync job closes its thread's connections when it ends, however it ends."""
    # Async jobs run on the worker's event loop, not in a thread of their own.
    is_async: bool = inspect.iscoroutinefunction(func)
    if is_async:
        return func

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        finally:
            close_thread_connections()

    return run


def current_job_id() -> int | None:
    """The id of the job this code runs in (set by the worker), None outside a job."""
    value = logcontext.get("job_id")
    return int(value) if value is not None else None


def on_app_ready(procrastinate_app: App) -> None:
    """Procrastinate's ``ON_APP_READY`` hook: task modules, connector, worker defaults."""
    from chancery.core import jobs_runtime

    modules = [
        f"{config.name}.tasks"
        for config in apps.get_app_configs()
        if config.name.startswith("chancery.") and find_spec(f"{config.name}.tasks") is not None
    ]
    procrastinate_app.import_paths = [*procrastinate_app.import_paths, *modules]
    jobs_runtime.install(procrastinate_app)

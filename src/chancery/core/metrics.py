"""Prometheus metrics: per-request ones recorded by the middleware, and figures read from the
database at scrape time (jobs by status, audit chain length).

Gunicorn runs several worker processes, each with its own counters. ``chancery serve`` sets
``PROMETHEUS_MULTIPROC_DIR`` (emptied at start) before the workers fork; prometheus_client
then keeps every process's values in files there and ``/metrics`` merges them, whichever
worker answers the scrape. Without that variable (``runserver``, tests) the in-process
registry is used. Database figures are never stored per process: they are read once per scrape.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError
from django.db.models import Count, Max
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from chancery.conf import env

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "chancery_http_requests",
    "HTTP requests answered, by route name, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "chancery_http_request_duration_seconds",
    "Time to answer an HTTP request, by route name, method and status.",
    ["route", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
QUERIES = Histogram(
    "chancery_http_request_db_queries",
    "Database queries made while answering one HTTP request, by route name.",
    ["route"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 250, 500),
)
PORTAL_CACHE = Counter(
    "chancery_portal_cache_answers",
    "Portal pages answered from the page cache (hit) or rendered and stored (miss), by what "
    "answered: the WSGI front or Django's middleware.",
    ["outcome", "by"],
)

JOB_STATUSES = ("todo", "doing", "succeeded", "failed", "cancelled", "aborted")


def observe_request(route: str, method: str, status: int, seconds: float, queries: int) -> None:
    request_metrics(route, method, status).observe(seconds, queries)


@dataclass(frozen=True)
class RequestMetrics:
    """The labelled request metrics of one route, method and status, to observe requests."""

    requests: Any
    latency: Any
    queries: Any

    def observe(self, seconds: float, queries: int) -> None:
        self.requests.inc()
        self.latency.observe(seconds)
        self.queries.observe(queries)


def request_metrics(route: str, method: str, status: int) -> RequestMetrics:
    labels = (route, method, str(status))
    return RequestMetrics(REQUESTS.labels(*labels), LATENCY.labels(*labels), QUERIES.labels(route))


class DatabaseCollector(Collector):
    """Figures read from PostgreSQL when Prometheus scrapes."""

    def describe(self) -> list[Metric]:
        # Registering must not query the database.
        return []

    def collect(self) -> Iterator[Metric]:
        from procrastinate.contrib.django.models import ProcrastinateJob

        from chancery.core.models import AuditEntry

        up = GaugeMetricFamily(
            "chancery_database_up", "Whether the scrape could read the database."
        )
        try:
            rows = list(
                ProcrastinateJob.objects.values_list("queue_name", "status")
                .annotate(n=Count("id"))
                .order_by()
            )
            chain = AuditEntry.objects.aggregate(length=Max("seq"))["length"] or 0
        except DatabaseError:
            logger.warning("metrics: the database could not be read", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        by_status = dict.fromkeys(JOB_STATUSES, 0)
        by_queue = GaugeMetricFamily(
            "chancery_queue_jobs", "Jobs by queue and status.", labels=["queue", "status"]
        )
        for queue, status, count in rows:
            by_status[status] = by_status.get(status, 0) + count
            by_queue.add_metric([queue, status], count)
        jobs = GaugeMetricFamily("chancery_jobs", "Jobs by status.", labels=["status"])
        for status, count in by_status.items():
            jobs.add_metric([status], count)
        yield jobs
        yield by_queue
        audit = GaugeMetricFamily("chancery_audit_chain_length", "Entries in the audit chain.")
        audit.add_metric([], chain)
        yield audit


def multiprocess_dir() -> str | None:
    # prometheus_client reads the same variable itself when the metrics are created.
    path = env.get("PROMETHEUS_MULTIPROC_DIR")
    return path if path and os.path.isdir(path) else None


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric, and its content type."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    database = CollectorRegistry(auto_describe=False)
    database.register(DatabaseCollector())
    return generate_latest(registry) + generate_latest(database), CONTENT_TYPE_LATEST

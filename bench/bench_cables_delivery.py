"""Cable delivery (issue 6): cables per second from release to every addressee's inbox, with
200 addressees; and the acknowledgement alert latency with a real worker.

Throughput: each cable is released the way the release action does it, minus the signature
(signing has its own benchmark, ``bench_signing``): the cable, its paragraph and 200 action
addressees written, access synced, indexed and delivered (``deliver_released``: 200 delivery
records, timers, notices of the urgent ones) in one transaction. The baseline, in the same
run, is the same release without ``deliver_released``; after the run every addressee's inbox
is read to prove each cable reached it.

Alert latency: FLASH-like cables with a one-minute deadline, released a second apart, with
``chancery worker`` running against the benchmark's database; the latency is from each
delivery's ``ack_due_at`` to the duty officer's alert notification.

``CHANCERY_BENCH_CABLES`` (default 20) sets how many cables each throughput side releases;
``CHANCERY_BENCH_ALERTS`` (default 5) how many cables wait for an alert.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Metric = dict[str, Any]
ROOT = Path(__file__).resolve().parent.parent
ADDRESSEES = 200


def _release(cable_factory: Any, units: list[Any], *, deliver: bool) -> Any:
    from django.db import transaction

    from chancery.documents.cables import search

    with transaction.atomic():
        return cable_factory(action=units, deliver=deliver, after=search.reindex)


def _make_cable(post: Any, drafter: Any, releaser: Any, level: Any) -> Any:
    """A function releasing one cable of ``post`` as the release action does, unsigned."""
    from django.utils import timezone

    from chancery.documents.cables.access import sync_access
    from chancery.documents.cables.constants import AddresseeRole, CableStatus
    from chancery.documents.cables.delivery import deliver_released
    from chancery.documents.models import Cable, CableAddressee, CableParagraph

    counter = iter(range(1, 10**6))

    def make(*, action: list[Any], deliver: bool, after: Any) -> Any:
        number = next(counter)
        cable = Cable.objects.create(
            status=CableStatus.RELEASED,
            post=post,
            drafting_unit=post,
            year=2026,
            number=number,
            reference=f"BENCH 2026-{number:06d}",
            subject=f"Bench cable {number}",
            precedence=level,
            created_by=drafter,
            approver=releaser,
            released_by=releaser,
            released_at=timezone.now(),
        )
        CableParagraph.objects.create(cable=cable, number=1, text="Nội dung điện.")
        CableAddressee.objects.bulk_create(
            CableAddressee(cable=cable, role=AddresseeRole.ACTION, unit=unit) for unit in action
        )
        sync_access(cable)
        after([cable.pk])
        if deliver:
            deliver_released(releaser, cable)
        return cable

    return make


def _throughput(count: int) -> list[Metric]:
    from chancery.core.tests.factories import UnitFactory, UserFactory
    from chancery.documents.cables.delivery.inbox import inbox
    from chancery.documents.cables.tests.factories_archive import precedence

    post = UnitFactory(code="bench-post")
    drafter = UserFactory(username="bench.drafter", unit=post)
    releaser = UserFactory(username="bench.releaser", unit=post)
    units = [UnitFactory(code=f"bench-unit-{n}") for n in range(ADDRESSEES)]
    readers = [UserFactory(username=f"bench.reader{n}", unit=u) for n, u in enumerate(units)]
    make = _make_cable(post, drafter, releaser, precedence("IMMEDIATE"))

    started = time.perf_counter()
    for _ in range(count):
        _release(make, units, deliver=False)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    delivered = [_release(make, units, deliver=True).pk for _ in range(count)]
    release = time.perf_counter() - started

    started = time.perf_counter()
    for reader in readers:
        seen = set(inbox(reader, "action").filter(pk__in=delivered).values_list("pk", flat=True))
        if seen != set(delivered):
            raise AssertionError(f"{reader.username} sees {len(seen)} of {count} cables")
    read = time.perf_counter() - started

    per_second, baseline_per_second = count / release, count / baseline
    return [
        {
            "name": f"release to {ADDRESSEES} inboxes, without signing ({count} cables)",
            "value": per_second,
            "unit": "cables/s",
            "note": f"{count * ADDRESSEES / release:,.0f} deliveries/s",
        },
        {
            "name": "baseline: the same release without delivery",
            "value": baseline_per_second,
            "unit": "cables/s",
        },
        {"name": "delivery / baseline", "value": per_second / baseline_per_second, "unit": "ratio"},
        {
            "name": f"inbox read by each of the {ADDRESSEES} addressees",
            "value": read / ADDRESSEES * 1000,
            "unit": "ms",
            "note": "proves every cable reached every inbox",
        },
    ]


def _worker_environment() -> dict[str, str]:
    from django.conf import settings

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
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
def _worker() -> Iterator[None]:
    """``chancery worker`` on the benchmark database, stopped (its process group) afterwards."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "chancery.cli", "worker"],
            cwd=ROOT,
            env=_worker_environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            time.sleep(3)
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"chancery worker exited:\n{log.read().decode()[-3000:]}")
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _alert_latency(count: int) -> list[Metric]:
    from datetime import timedelta

    from chancery.core.tests.factories import UnitFactory, UserFactory
    from chancery.documents.cables.delivery import deliver_released
    from chancery.documents.cables.tests.factories_delivery import on_duty, released_cable
    from chancery.documents.models import CableDelivery, PrecedenceLevel

    level = PrecedenceLevel.objects.create(
        code="BENCH", rank=99, ack_minutes=1, escalate_minutes=60, name_vi="Bench"
    )
    unit = UnitFactory(code="bench-duty")
    officer = UserFactory(username="bench.officer", unit=unit)
    on_duty(officer, hours=2)
    with _worker():
        ids = []
        for _ in range(count):
            cable = released_cable(precedence_code="FLASH", action=[unit], deliver=False)
            cable.precedence = level
            cable.save(update_fields=["precedence"])
            releaser = cable.released_by
            assert releaser is not None
            deliver_released(releaser, cable)
            ids.append(cable.pk)
            time.sleep(1)
        deadline = time.monotonic() + 150
        pending = CableDelivery.objects.filter(cable_id__in=ids, alerted_at__isnull=True)
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        if pending.exists():
            raise AssertionError("alerts did not come within 150 s")
    alerts = list(officer.notifications.filter(kind="cables.ack_alert").order_by("created_at"))
    dues = sorted(
        due
        for due in CableDelivery.objects.filter(cable_id__in=ids).values_list(
            "ack_due_at", flat=True
        )
        if due is not None
    )
    latencies = [
        max(timedelta(0), alert.created_at - due).total_seconds()
        for alert, due in zip(alerts, dues, strict=True)
    ]
    return [
        {
            "name": f"alert latency, median of {count}",
            "value": statistics.median(latencies),
            "unit": "s",
            "note": "from ack_due_at to the duty officer's alert, real worker",
        },
        {"name": "alert latency, worst", "value": max(latencies), "unit": "s"},
    ]


def run() -> list[Metric]:
    count = int(os.environ.get("CHANCERY_BENCH_CABLES", "20"))
    alerts = int(os.environ.get("CHANCERY_BENCH_ALERTS", "5"))
    return [*_throughput(count), *_alert_latency(alerts)]

"""Garbage collection removes only what nothing refers to, and only past the grace period."""

from __future__ import annotations

import io
import os
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from chancery.blobs import service as blobs
from chancery.blobs.backends import BlobBackend, shard
from chancery.blobs.backends.filesystem import FilesystemBackend
from chancery.blobs.tasks import collect_orphans
from chancery.blobs.tests import samples
from chancery.blobs.tests.conftest import RawStore

pytestmark = pytest.mark.django_db

OWNER = blobs.Owner("documents.document", "1")
LONG_AGO = timezone.now() - timedelta(days=3)


def _upload(body: bytes, *, owner: blobs.Owner | None = None, old: bool = True) -> blobs.Blob:
    blob = blobs.store(io.BytesIO(body), filename="f.txt", owner=owner, actor=None)
    if old:
        blobs.Blob.objects.filter(pk=blob.pk).update(created_at=LONG_AGO)
    return blob


def test_the_daily_job_deletes_only_unreferenced_blobs_past_the_grace_period(
    backend_name: str, raw: RawStore
) -> None:
    kept = _upload(b"referenced\n", owner=OWNER)
    orphan = _upload(b"forgotten\n")
    fresh = _upload(b"just uploaded, not attached yet\n", old=False)

    collect_orphans(timestamp=int(timezone.now().timestamp()))

    assert set(blobs.Blob.objects.values_list("address", flat=True)) == {
        kept.address,
        fresh.address,
    }
    assert raw.names() == sorted([kept.address, fresh.address])
    assert orphan.address not in raw.names()


def test_a_blob_detached_from_its_last_owner_is_collected_on_a_later_run(
    backend_name: str,
) -> None:
    blob = _upload(b"annex\n", owner=OWNER)
    assert blobs.collect_garbage().orphans == []

    blobs.detach(OWNER, actor=None)
    report = blobs.collect_garbage()

    assert report.orphans == [blob.address]
    assert blobs.collect_garbage().orphans == []  # idempotent


def test_objects_without_a_row_are_removed_once_older_than_the_grace_period(
    backend: BlobBackend, raw: RawStore
) -> None:
    """What a rolled-back upload leaves behind: bytes in the backend, no row."""
    kept = _upload(b"kept\n", owner=OWNER)
    stray = samples.text()
    address = blobs.store(io.BytesIO(stray), filename="s.txt", actor=None).address
    blobs.Blob.objects.filter(address=address).delete()

    assert blobs.collect_garbage().strays == []
    report = blobs.collect_garbage(now=timezone.now() + timedelta(days=2))

    assert report.strays == [address]
    assert raw.names() == [kept.address]


def test_a_dry_run_lists_what_it_would_remove_and_removes_nothing(
    backend_name: str, raw: RawStore
) -> None:
    orphan = _upload(b"forgotten\n")
    out = io.StringIO()

    call_command("blobs", "gc", "--dry-run", stdout=out)

    assert f"orphan {orphan.address}" in out.getvalue()
    assert blobs.Blob.objects.filter(pk=orphan.pk).exists()
    assert raw.names() == [orphan.address]


def test_leftovers_of_interrupted_writes_are_removed_after_the_grace_period(
    settings: Any,
) -> None:
    backend = FilesystemBackend(settings.CHANCERY_BLOB_ROOT)
    directory = backend.root / shard("ab" * 32).rsplit("/", 1)[0]
    directory.mkdir(parents=True)
    old = directory / ".tmp-crashed.partial"
    old.write_bytes(b"half a file")
    os.utime(old, (LONG_AGO.timestamp(), LONG_AGO.timestamp()))
    recent = directory / ".tmp-writing.partial"
    recent.write_bytes(b"being written")

    report = blobs.collect_garbage()

    assert report.temporaries == 1
    assert not old.exists()
    assert recent.exists()


def test_the_collection_job_is_scheduled_daily() -> None:
    from procrastinate.contrib.django import app

    schedules = {
        task.task.name: task.cron for task in app.periodic_registry.periodic_tasks.values()
    }

    assert schedules["blobs.collect_orphans"] == "41 2 * * *"

"""Text extraction survives its worker: a job left running by a dead worker is run again and
completes, and the stored original is never changed."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from chancery.blobs import service as blobs
from chancery.core import jobs_runtime
from chancery.core.tests.factories import UserFactory
from chancery.core.tests.jobs_helpers import (
    run_with_worker_app,
    run_worker,
    start_worker,
    status_of,
    stop,
    unique_queue,
    wait_for,
)
from chancery.documents.actions.intake import Upload, receive
from chancery.documents.constants import ExtractionStatus
from chancery.documents.models import Document, DocumentFile
from chancery.documents.tasks.intake import extract_text
from chancery.documents.tests.factories_intake import ensure_document_types, letter_pdf, scanned_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _document_types() -> None:
    ensure_document_types()


def _taken_by_dead_worker(job_id: int) -> None:
    """What a worker killed mid-job leaves behind: the job 'doing' under a silent worker."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (now() - interval '10 minutes') RETURNING id"
        )
        worker_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, job_id],
        )


def _status(file_id: Any) -> str:
    return str(DocumentFile.objects.get(pk=file_id).extraction_status)


def _content(file: DocumentFile) -> bytes:
    with blobs.open_blob(file.blob.address, actor=None) as reader:
        return bytes(reader.read())


def test_a_file_left_running_by_a_dead_worker_is_extracted_when_its_job_is_rerun() -> None:
    clerk = UserFactory(clerk=True)
    document = receive(clerk, [Upload("letter.pdf", letter_pdf(), "application/pdf")])
    file = document.files.get()
    queue = unique_queue()
    job_id = extract_text.configure(queue=queue).defer(file_id=str(file.pk))
    # The worker had started: the file says "running", then the worker died.
    DocumentFile.objects.filter(pk=file.pk).update(extraction_status=ExtractionStatus.RUNNING)
    _taken_by_dead_worker(job_id)

    retried = run_with_worker_app(lambda app: jobs_runtime.retry_stalled(app, 60))
    assert retried == [job_id]
    run_worker(queue)

    assert status_of(job_id) == "succeeded"
    assert _status(file.pk) == ExtractionStatus.DONE
    assert "125/BNG-LS" in Document.objects.get(pk=document.pk).content_text
    assert _content(file) == letter_pdf()


@pytest.mark.slow
def test_worker_killed_during_ocr_loses_nothing_and_another_worker_finishes(
    tmp_path: Path,
) -> None:
    clerk = UserFactory(clerk=True)
    scan = scanned_pdf(["MINISTRY OF FOREIGN AFFAIRS", "No. 77/BNG-LS", "Consular matters"], 4)
    document = receive(clerk, [Upload("scan.pdf", scan, "application/pdf")])
    file = document.files.get()
    queue = unique_queue()
    job_id = extract_text.configure(queue=queue).defer(file_id=str(file.pk))
    fast_failover = {
        "CHANCERY_JOB_HEARTBEAT_SECONDS": "1",
        "CHANCERY_JOB_STALLED_SECONDS": "3",
        "CHANCERY_JOB_STALLED_CHECK_SECONDS": "1",
    }
    with (tmp_path / "first.log").open("wb") as log:
        first = start_worker([queue], log, **fast_failover)
        try:
            wait_for(lambda: _status(file.pk) == ExtractionStatus.RUNNING, 60, "OCR to start")
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            stop(first)
    assert _status(file.pk) == ExtractionStatus.RUNNING  # killed mid-OCR
    assert status_of(job_id) == "doing"

    with (tmp_path / "second.log").open("wb") as log:
        second = start_worker([queue, "ops"], log, **fast_failover)
        try:
            wait_for(lambda: _status(file.pk) == ExtractionStatus.DONE, 180, "the OCR to finish")
            wait_for(lambda: status_of(job_id) == "succeeded", 30, "the job to succeed")
        finally:
            stop(second)

    done = DocumentFile.objects.get(pk=file.pk)
    assert (done.extraction_method, done.page_count) == ("ocr", 4)
    assert done.extracted_text.count("MINISTRY OF FOREIGN AFFAIRS") == 4
    assert _content(done) == scan  # the original is untouched

"""Intake of received documents, end to end (issue 5): documents per minute.

Each document is a distinct two-page text PDF (``sample_letter``). End to end is what a clerk
and a worker do: ``receive`` (checks, blob store, document and file rows, audit, job row) then
the extraction job's body (read the blob back, signature sniff, ``pdftotext``, text and SimHash
on the document, search vector refreshed by the trigger). The baseline, in the same run, is
the bare blob store of as many other PDFs of the same size, so the ratio says what share of
raw storage throughput survives intake.

``CHANCERY_BENCH_INTAKE_DOCS`` (default 200) sets how many documents each side handles.
"""

from __future__ import annotations

import io
import os
import time
from typing import Any

Metric = dict[str, Any]


def _count() -> int:
    return int(os.environ.get("CHANCERY_BENCH_INTAKE_DOCS", "200"))


def _letters(first: int, count: int) -> list[bytes]:
    from chancery.lib.pdfgen import sample_letter

    return [sample_letter(number=f"{n}/BNG-LS", pages=2) for n in range(first, first + count)]


def run() -> list[Metric]:
    from chancery.blobs import service as blobs
    from chancery.core.tests.factories import UserFactory
    from chancery.documents.actions.intake import Upload, receive
    from chancery.documents.models import Document
    from chancery.documents.tasks.intake import run_extraction

    count = _count()
    clerk = UserFactory(username="bench.clerk", roles=["clerk"])
    baseline_files, intake_files = _letters(0, count), _letters(count, count)

    started = time.perf_counter()
    for n, data in enumerate(baseline_files):
        blobs.store(io.BytesIO(data), filename=f"letter-{n}.pdf", actor=clerk)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    ids = []
    for n, data in enumerate(intake_files):
        document = receive(clerk, [Upload(f"letter-{n}.pdf", data, "application/pdf")])
        for file_id in document.files.values_list("pk", flat=True):
            run_extraction(str(file_id))
        ids.append(document.pk)
    intake = time.perf_counter() - started

    indexed = Document.objects.filter(
        pk__in=ids, search_vector__isnull=False, content_text__contains="BNG-LS"
    ).count()
    if indexed != count:
        raise AssertionError(f"only {indexed} of {count} documents were extracted and indexed")
    per_minute = count / intake * 60
    baseline_per_minute = count / baseline * 60
    return [
        {
            "name": f"intake end to end ({count} x 2-page PDF)",
            "value": per_minute,
            "unit": "docs/min",
        },
        {
            "name": "baseline: bare blob store",
            "value": baseline_per_minute,
            "unit": "docs/min",
            "note": "same number of PDFs of the same size",
        },
        {
            "name": "intake / baseline",
            "value": per_minute / baseline_per_minute,
            "unit": "ratio",
            "note": "share of raw storage throughput kept",
        },
        {"name": "intake latency per document", "value": intake / count * 1000, "unit": "ms"},
    ]

"""Jobs of intake: text extraction (and the signature check) of each received file.

``documents.extract_text`` is idempotent and resumable: it works on a copy of the blob's
content, writes its result in one short transaction at the end, and a file left ``running`` by
a worker that died is simply extracted again when Procrastinate's stalled-job check
(``core.retry_stalled_jobs``) queues the job anew. Extraction failures that retrying cannot
fix (a damaged file) end as ``failed`` with the reason; anything else (database, storage)
raises, and the job is retried with backoff.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django.db import transaction

from chancery.blobs import service as blobs
from chancery.core.service import job_task
from chancery.documents.constants import ExtractionStatus
from chancery.documents.extraction import ExtractionFailed, OcrProgress, extract
from chancery.documents.extraction.fingerprint import simhash
from chancery.documents.models import Document, DocumentFile

logger = logging.getLogger(__name__)

FINISHED = (ExtractionStatus.DONE, ExtractionStatus.FAILED, ExtractionStatus.NOT_APPLICABLE)


def _signature_check(data: bytes) -> tuple[str, dict[str, Any]]:
    """The verdict and summary of the signatures of a PDF ("unsigned" without any)."""
    if b"/ByteRange" not in data:
        return "unsigned", {}
    from chancery.signing import service as signing

    try:
        report = signing.validate(data, actor=None, purpose="validate")
    except signing.InvalidPdf as exc:
        return "invalid", {"error": str(exc.message)}
    summary = report.to_dict()
    return str(report.verdict), {
        "verdict": summary["verdict"],
        "validated_at": summary["validated_at"],
        "signatures": [
            {
                key: signature.get(key)
                for key in ("field_name", "verdict", "signed_at", "level", "problems")
                if key in signature
            }
            | {"signer": (signature.get("signer") or {}).get("common_name", "")}
            for signature in summary["signatures"]
        ],
    }


def _read(document_file: DocumentFile) -> bytes:
    with blobs.open_blob(document_file.blob.address, actor=None) as reader:
        data: bytes = reader.read()
    return data


def aggregate_text(document_id: UUID | str) -> None:
    """Gather the files' texts into the document (content, fingerprint, search vector)."""
    texts = DocumentFile.objects.filter(
        document_id=document_id, extraction_status=ExtractionStatus.DONE
    ).values_list("extracted_text", flat=True)
    content = "\n\n".join(text.strip() for text in texts if text.strip())
    with transaction.atomic():
        Document.objects.filter(pk=document_id).update(
            content_text=content, simhash=simhash(content)
        )
        try:
            from chancery.documents.search.index import refresh_search_vector
        except ImportError:  # the search module is optional for intake
            return
        refresh_search_vector(document_id)


def run_extraction(file_id: str) -> None:
    """The body of the job (callable directly, e.g. by the benchmark and the demo)."""
    document_file = DocumentFile.objects.select_related("blob").filter(pk=file_id).first()
    if document_file is None or document_file.extraction_status in FINISHED:
        return  # deleted meanwhile, or done by an earlier attempt
    DocumentFile.objects.filter(pk=file_id).update(extraction_status=ExtractionStatus.RUNNING)
    data = _read(document_file)
    fields: dict[str, Any] = {"extraction_error": "", "ocr_pages": []}
    if document_file.blob.file_type == blobs.FileType.PDF:
        fields["signature_verdict"], fields["signature_report"] = _signature_check(data)

    def keep(pages: list[str]) -> None:
        DocumentFile.objects.filter(pk=file_id).update(ocr_pages=pages)

    progress = OcrProgress(list(document_file.ocr_pages or []), keep)
    try:
        extracted = extract(data, document_file.blob.file_type, progress=progress)
    except ExtractionFailed as exc:
        logger.info("extraction failed", extra={"file": file_id, "reason": str(exc)})
        fields |= {"extraction_status": ExtractionStatus.FAILED, "extraction_error": str(exc)[:500]}
    else:
        if extracted is None:
            fields |= {"extraction_status": ExtractionStatus.NOT_APPLICABLE}
        else:
            fields |= {
                "extraction_status": ExtractionStatus.DONE,
                "extraction_method": extracted.method,
                "extracted_text": extracted.text.replace("\x00", ""),
                "page_count": extracted.page_count,
            }
    DocumentFile.objects.filter(pk=file_id).update(**fields)
    aggregate_text(document_file.document_id)


@job_task(name="documents.extract_text", queue="default")
def extract_text(file_id: str) -> None:
    """Extract the text of one received file (idempotent, see the module docstring)."""
    run_extraction(file_id)

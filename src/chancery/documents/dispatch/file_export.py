"""Other agencies: a package written to ``CHANCERY_DOCUMENTS_EXPORT_DIR`` for the exchange
gateway to pick up (the signed PDF, its edXML envelope and a JSON description of it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from chancery.blobs import service as blobs
from chancery.core.service import Clearance
from chancery.documents.actions.numbering import ministry_code
from chancery.documents.constants import FileRole
from chancery.documents.dispatch.base import Delivery, PermanentFailure
from chancery.documents.edxml.exchange import document_envelope
from chancery.documents.models import Recipient


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "document"


def metadata(recipient: Recipient) -> dict[str, object]:
    """What the package says about the document (no classified content: those never go)."""
    document = recipient.document
    return {
        "id": str(document.pk),
        "number_symbol": document.number_symbol,
        "number": document.number,
        "document_type": document.document_type.code,
        "subject": document.subject,
        "date": document.document_date.isoformat() if document.document_date else None,
        "urgency": document.urgency,
        "issuer": {
            "organisation": ministry_code(),
            "organisation_code": settings.CHANCERY_DOCUMENTS_ORGANISATION_CODE,
            "unit": document.unit.name,
            "signer": document.signer_name,
        },
        "recipient": {"name": recipient.agency_name, "code": recipient.agency_code},
        "verification_code": (
            document.signed_document.verification_code if document.signed_document else ""
        ),
        "file": "document.pdf",
    }


class FileExportAdapter:
    """Writes ``<export dir>/<number-symbol>-<recipient>/`` with ``document.pdf``,
    ``envelope.edxml`` and ``metadata.json``, atomically (a temporary directory renamed into
    place), replacing a package of an earlier attempt. Classified documents are refused: they
    do not leave by this channel."""

    name = "file_export"

    def deliver(self, recipient: Recipient) -> Delivery:
        document = recipient.document
        if document.classification != Clearance.UNCLASSIFIED:
            raise PermanentFailure("classified documents are not exported to other agencies")
        issued = document.files.filter(role=FileRole.ISSUED).select_related("blob").last()
        if issued is None:
            raise PermanentFailure("the document has no issued file")
        root = Path(settings.CHANCERY_DOCUMENTS_EXPORT_DIR)
        root.mkdir(parents=True, exist_ok=True)
        target = root / f"{_slug(document.number_symbol)}-{recipient.pk}"
        work = Path(tempfile.mkdtemp(prefix=".partial-", dir=root))
        try:
            with blobs.open_blob(issued.blob.address, actor=None) as reader:
                (work / "document.pdf").write_bytes(reader.read())
            # The national exchange envelope (QCVN 102:2016) beside the plain files, for
            # gateways that take edXML (documents/edxml, docs/documents-records.md).
            receiver = recipient.agency_code or recipient.agency_name or "unknown"
            (work / "envelope.edxml").write_bytes(
                document_envelope(document, [receiver], actor=None)
            )
            (work / "metadata.json").write_text(
                json.dumps(metadata(recipient), ensure_ascii=False, indent=2), encoding="utf-8"
            )
            if target.exists():
                shutil.rmtree(target)
            os.replace(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return Delivery(reference=str(target))

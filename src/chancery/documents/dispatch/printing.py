"""Printed copies: a cover sheet to print with the signed document and post or hand over."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import uuid

from django.utils import timezone

from chancery.blobs import service as blobs
from chancery.documents.constants import FileRole
from chancery.documents.dispatch.base import Delivery, PermanentFailure
from chancery.documents.models import Document, DocumentFile, Recipient
from chancery.lib.pdfgen import simple_pdf


def _latin(text: str) -> str:
    """The PDF writer has Latin-1 fonts only: Vietnamese letters lose their tone marks
    (``Đ`` becomes ``D``) rather than turning into question marks."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.encode("latin-1", errors="replace").decode("latin-1")


def cover_lines(recipient: Recipient) -> list[str]:
    document: Document = recipient.document
    names = [str(r) for r in document.recipients.all()]
    lines = [
        "COVER SHEET / PHIEU GUI",
        "",
        f"Number / So, ky hieu: {document.number_symbol}",
        f"Date / Ngay: {document.document_date.isoformat() if document.document_date else ''}",
        f"Urgency / Do khan: {document.get_urgency_display()}",
        f"Classification / Do mat: {document.get_classification_display()}",
        f"Issued by / Don vi ban hanh: {document.unit.name}",
        "",
        f"Addressee / Noi nhan: {recipient.agency_name or recipient}",
        "",
        "Recipients / Noi nhan:",
        *[f"  - {name}" for name in names],
        "",
        f"Printed {timezone.localtime().strftime('%Y-%m-%d %H:%M')}",
    ]
    return [_latin(line) for line in lines]


class PrintAdapter:
    """Stores a cover sheet PDF (number/symbol, date, urgency, classification marking and
    every recipient) as an attachment of the document; the registry clerk prints it with the
    signed document. ``reference`` is the cover sheet's file id."""

    name = "print"

    def deliver(self, recipient: Recipient) -> Delivery:
        document = recipient.document
        if not document.number_symbol:
            raise PermanentFailure("the document has no number")
        data = simple_pdf([cover_lines(recipient)], title=_latin(document.number_symbol))
        file_id = uuid.uuid4()
        blob = blobs.store(
            io.BytesIO(data),
            filename=f"cover-sheet-{recipient.pk}.pdf",
            actor=None,
            classification=document.classification,
            owner=blobs.Owner("documents.documentfile", str(file_id)),
            declared_type="application/pdf",
            allowed_types=[blobs.FileType.PDF],
        )
        sheet = DocumentFile.objects.create(
            id=file_id,
            document=document,
            blob=blob,
            role=FileRole.ATTACHMENT,
            filename=f"cover-sheet-{recipient.pk}.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=document.created_by,
            page_count=1,
        )
        return Delivery(reference=str(sheet.pk))

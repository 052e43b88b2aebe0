"""Factories of the records tests: file plan categories, records, files, people."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any, cast

from django.utils import timezone

from chancery.blobs import service as blobs
from chancery.core.service import Clearance, Role, User
from chancery.core.tests.factories import UserFactory
from chancery.documents.constants import RecordStatus, Status
from chancery.documents.models import Document, DocumentFile, FilePlanCategory
from chancery.documents.tests.factories import DocumentFactory
from chancery.lib.pdfgen import sample_letter


def person(*roles: str, **fields: Any) -> User:
    return cast(
        User, UserFactory(roles=[r.value if hasattr(r, "value") else r for r in roles], **fields)
    )


def archivist(**fields: Any) -> User:
    fields.setdefault("clearance", Clearance.TOP_SECRET)
    return person(Role.ARCHIVIST, **fields)


def category(code: str = "T.01", years: int | None = 10) -> FilePlanCategory:
    return FilePlanCategory.objects.create(code=code, name_vi=f"Nhóm {code}", retention_years=years)


def completed_document(**fields: Any) -> Document:
    fields.setdefault("status", Status.COMPLETED)
    fields.setdefault("completed_at", timezone.now())
    return cast(Document, DocumentFactory(**fields))


def due_record(years_ago: int = 11, **fields: Any) -> Document:
    """A record whose retention ended yesterday."""
    document = completed_document(**fields)
    Document.objects.filter(pk=document.pk).update(
        record_status=RecordStatus.RECORD,
        file_plan=fields.pop("file_plan", None) or category(f"D.{document.pk.hex[:6]}", 10),
        declared_at=timezone.now() - dt.timedelta(days=365 * years_ago),
        retain_until=timezone.localdate() - dt.timedelta(days=1),
    )
    document.refresh_from_db()
    return document


def add_file(
    document: Document,
    data: bytes | None = None,
    *,
    filename: str = "letter.pdf",
    content_type: str = "application/pdf",
    role: str = "main",
) -> DocumentFile:
    data = sample_letter() if data is None else data
    blob = blobs.store(
        io.BytesIO(data),
        filename=filename,
        actor=None,
        classification=document.classification,
        owner=blobs.Owner.of(document),
        declared_type=content_type,
    )
    return DocumentFile.objects.create(
        document=document,
        blob=blob,
        role=role,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=document.created_by,
    )
